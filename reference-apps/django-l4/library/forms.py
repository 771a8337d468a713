"""Model forms of the CRUD pages, styled for Bootstrap."""

from typing import Any

from django import forms
from django.db import models

from .models import Author, Book, Loan

# A <select> lists every row of the table a reference points into: past this many rows, the reference is typed
# as the id instead (the referenced object's page shows it), so that a form over a large table stays small.
SELECT_LIMIT = 100


def type_large_references(fields: dict[str, forms.Field]) -> None:
    """Replaces the <select> of each reference into a table of more than SELECT_LIMIT rows with a text input."""
    for form_field in fields.values():
        if not isinstance(form_field, forms.ModelChoiceField):
            continue
        if form_field.queryset[: SELECT_LIMIT + 1].count() > SELECT_LIMIT:
            form_field.widget = forms.TextInput(attrs={"class": "form-control"})
            form_field.help_text = f"The id of the {form_field.queryset.model._meta.verbose_name}."


def formfield(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Form fields as Django makes them, except that a URL typed without a scheme gets https://."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class StyledModelForm(forms.ModelForm):
    """Adds Bootstrap classes and HTML5 input types to every widget."""

    class Meta:
        formfield_callback = formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            widget = form_field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"
            if isinstance(form_field, forms.DateTimeField):
                form_field.widget = forms.DateTimeInput(
                    attrs={**widget.attrs, "type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
                )
            elif isinstance(form_field, forms.DateField):
                form_field.widget = forms.DateInput(attrs={**widget.attrs, "type": "date"}, format="%Y-%m-%d")
        type_large_references(self.fields)


class AuthorForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Author
        fields = ["name", "email", "website", "bio", "royalty_rate"]


class BookForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Book
        fields = [
            "title",
            "author",
            "status",
            "price",
            "rating",
            "pages",
            "published_on",
            "in_print",
            "sequel_to",
            "format",
            "copies",
        ]


class LoanForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Loan
        fields = ["book", "borrower", "due_on", "returned", "copy_number", "returned_at", "fine", "ticket"]

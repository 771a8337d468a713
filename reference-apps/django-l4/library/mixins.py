"""Mixins the entity views of views.py share: search and filters, CSV export, template fallbacks, a detail
page's fields, messages.

Each is a few lines on top of Django's generic views; an entity's view in views.py overrides any of it.
"""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.db import models
from django.db.models import ProtectedError, Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect, QueryDict, StreamingHttpResponse
from django_filters.filterset import filterset_factory

from .forms import type_large_references
from .pagination import CountEstimatingPaginator


class TemplatesMixin:
    """Django's template for the view (`<app>/<model>_list.html`) when the app has one, else the generic one in
    templates/crud/: copy `crud/list.html` to `<app>/<model>_list.html` to change one entity's page."""

    template_name_suffix: str
    model: type[models.Model]

    def get_template_names(self) -> list[str]:
        names: list[str] = super().get_template_names()
        return [*names, f"crud/{self.template_name_suffix.lstrip('_')}.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta  # the model's names, as the admin's templates get them
        return context


class FieldsMixin(TemplatesMixin):
    """A detail page's `fields`: each field of the object with its value, a choice by its label; the template
    formats them with Django's own filters."""

    object: models.Model

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["fields"] = [(field, self.value_shown(field)) for field in self.model._meta.concrete_fields]
        return context

    def value_shown(self, field: models.Field) -> Any:
        if field.choices:
            return getattr(self.object, f"get_{field.name}_display")()
        return getattr(self.object, field.name)


class SearchMixin(TemplatesMixin):
    """A list's `?q=` search (case-insensitive, over `search_fields`) and its filters (django-filter, over
    `filterset_fields`), applied to the queryset: the list page and its CSV export select the same objects."""

    paginator_class = CountEstimatingPaginator
    search_fields: list[str] = []
    filterset_fields: list[str] = []
    list_fields: list[str] = []  # the list page's columns

    def get_queryset(self) -> QuerySet:
        return self.filter_queryset(super().get_queryset(), self.request.GET)

    def filter_queryset(self, queryset: QuerySet, params: QueryDict) -> QuerySet:
        self.filterset = filterset_factory(self.model, fields=self.filterset_fields)(params or None, queryset=queryset)
        if self.filterset.is_bound and self.filterset.is_valid():
            queryset = self.filterset.qs
        # NUL characters cannot be stored in a text field, so they match nothing; PostgreSQL refuses them outright.
        text = params.get("q", "").replace("\x00", "").strip()
        if text and self.search_fields:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": text})
            queryset = queryset.filter(condition)
        return queryset

    def get_template_names(self) -> list[str]:
        # htmx asks for the results table alone when the search box or a filter changes.
        request = self.request
        if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
            return ["crud/_results.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["columns"] = [self.model._meta.get_field(name) for name in self.list_fields]
        context["filter_form"] = self.filterset.form
        type_large_references(self.filterset.form.fields)
        context["query"] = self.request.GET.get("q", "")
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        return context


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(obj: models.Model, field: models.Field) -> str:
    """A value as the CSV export writes it: pks for references, ISO 8601 for dates, true/false, and text that a
    spreadsheet would run as a formula with a ' in front (one more ' where the text already starts with some)."""
    value = getattr(obj, field.attname)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def from_csv_text(text: str) -> str:
    """A text value as csv_value() wrote it, read back: the ' it put in front of a formula taken off again."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


class CsvExportMixin:
    """Streams the list view's objects (its search and filters applied, no pages) as CSV: every column."""

    model: type[models.Model]

    def get(self, request: Any, *args: Any, **kwargs: Any) -> StreamingHttpResponse:
        fields = self.model._meta.concrete_fields
        writer = csv.writer(_Echo())
        queryset = self.get_queryset()

        def rows() -> Iterator[str]:
            yield writer.writerow([f.name for f in fields])
            for obj in queryset.iterator(chunk_size=500):
                yield writer.writerow([csv_value(obj, f) for f in fields])

        response = StreamingHttpResponse(rows(), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{self.model._meta.verbose_name_plural}.csv"'
        return response


class SavedMessageMixin(SuccessMessageMixin):
    """After a save: "Created <object>." or "Saved <object>." (`success_message` names the object as %(object)s)."""

    def get_success_message(self, cleaned_data: dict[str, Any]) -> str:
        return self.success_message % {"object": self.object}


class ProtectedDeleteMixin:
    """Deletes unless other objects still refer to this one (a required reference): then says which."""

    object: models.Model
    request: Any

    def form_valid(self, form: Any) -> HttpResponse:
        label = str(self.object)
        try:
            response: HttpResponse = super().form_valid(form)
        except ProtectedError as error:
            blockers = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            messages.error(self.request, f"{label} is still referred to by {blockers}; change those first.")
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"Deleted {label}.")
        return response

"""Generic server-rendered CRUD views; views.py configures one `Entity` per model.

Each view looks for an entity-specific template first (`<app>/<model>_list.html`) and falls back to the
generic one in templates/crud/, so any page can be customised by adding a single template.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.db import models
from django.db.models import ProtectedError, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import URLPattern, path, reverse
from django.views import generic
from django_filters.filterset import FilterSet, filterset_factory


@dataclass(frozen=True)
class Entity:
    """How one model is listed, searched, filtered and edited."""

    model: type[models.Model]
    form_class: type[forms.ModelForm]
    plural: str  # the URL segment: /tasks/
    search_fields: tuple[str, ...] = ()
    filter_fields: tuple[str, ...] = ()
    related: tuple[str, ...] = field(default=())  # foreign keys, fetched with select_related

    @property
    def name(self) -> str:
        return self.model._meta.model_name or ""

    @property
    def verbose_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    label: str = ""  # the field that names an object (the spec's first str field), if any

    @property
    def columns(self) -> list[models.Field]:
        """Every concrete field, pk first, in model order: the detail page and the CSV export."""
        return list(self.model._meta.concrete_fields)

    # Worked out once per entity, on first use (a frozen dataclass still takes a cached_property).
    @functools.cached_property
    def list_columns(self) -> tuple[models.Field, ...]:
        """The list page's columns: the label first (the pk when there is none), long text left out."""
        pk = self.model._meta.pk
        fields = [f for f in self.columns if f is not pk and not isinstance(f, models.TextField)]
        first = [f for f in fields if f.name == self.label] or [pk]
        return (*first, *(f for f in fields if f.name != self.label))

    def queryset(self) -> QuerySet:
        return self.model._default_manager.select_related(*self.related)

    def search(self, queryset: QuerySet, text: str) -> QuerySet:
        """Case-insensitive `contains` over every text field (the `?q=` of list pages and the API)."""
        condition = Q()
        for name in self.search_fields:
            condition |= Q(**{f"{name}__icontains": text})
        return queryset.filter(condition) if self.search_fields else queryset

    def filterset(self, data: Any, queryset: QuerySet) -> FilterSet:
        return filterset_class(self.model, self.filter_fields)(data, queryset=queryset)

    def urls(self) -> list[URLPattern]:
        pk = "<uuid:pk>" if isinstance(self.model._meta.pk, models.UUIDField) else "<int:pk>"
        route = f"{self.plural}/"
        return [
            path(route, ListView.as_view(entity=self), name=f"{self.name}-list"),
            path(f"{route}new/", CreateView.as_view(entity=self), name=f"{self.name}-create"),
            path(f"{route}export.csv", ExportView.as_view(entity=self), name=f"{self.name}-export"),
            path(f"{route}{pk}/", DetailView.as_view(entity=self), name=f"{self.name}-detail"),
            path(f"{route}{pk}/edit/", UpdateView.as_view(entity=self), name=f"{self.name}-update"),
            path(f"{route}{pk}/delete/", DeleteView.as_view(entity=self), name=f"{self.name}-delete"),
        ]


@functools.cache
def filterset_class(model: type[models.Model], fields: tuple[str, ...]) -> type[FilterSet]:
    """django-filter's FilterSet for a model's filter fields, built once per entity rather than once a request."""
    return filterset_factory(model, fields=list(fields))


@dataclass(frozen=True)
class Cell:
    """One value as a page shows it: text, and a link where the value is another object."""

    text: str
    url: str = ""
    kind: str = ""

    def short(self, limit: int) -> Cell:
        """The cell with its text cut to `limit` characters, an ellipsis included (like `truncatechars`)."""
        if len(self.text) <= limit:
            return self
        return Cell(self.text[: limit - 1] + "…", self.url, self.kind)


def cell(obj: models.Model, model_field: models.Field) -> Cell:
    value = getattr(obj, model_field.name)
    if value is None or value == "":
        return Cell("—", kind="empty")
    if model_field.choices:
        return Cell(str(getattr(obj, f"get_{model_field.name}_display")()))
    if isinstance(value, bool):
        return Cell("Yes" if value else "No", kind="yes" if value else "no")
    if isinstance(value, models.Model):
        return Cell(str(value), url=value.get_absolute_url())  # type: ignore[attr-defined]
    if hasattr(value, "strftime"):
        return Cell(value.strftime("%Y-%m-%d %H:%M" if hasattr(value, "hour") else "%Y-%m-%d"))
    return Cell(str(value))


def csv_value(obj: models.Model, model_field: models.Field) -> str:
    """A value as the CSV export writes it: pks for references, ISO 8601 for dates, true/false."""
    value = getattr(obj, model_field.attname)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


class EntityMixin:
    entity: Entity = None  # type: ignore[assignment]  # set per URL by Entity.urls() through as_view()
    template_suffix = ""
    request: HttpRequest

    def get_queryset(self) -> QuerySet:
        return self.entity.queryset()

    def get_template_names(self) -> list[str]:
        meta = self.entity.model._meta
        return [f"{meta.app_label}/{meta.model_name}_{self.template_suffix}.html", f"crud/{self.template_suffix}.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["entity"] = self.entity
        return context


class FilteredMixin(EntityMixin):
    """The list page's `?q=` search and bool/enum/ref filters, shared by the CSV export."""

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        self.filterset = self.entity.filterset(self.request.GET or None, queryset)
        if self.filterset.is_bound and self.filterset.is_valid():
            queryset = self.filterset.qs
        # NUL characters cannot be stored in a text field, so they match nothing; PostgreSQL refuses them outright.
        query = self.request.GET.get("q", "").replace("\x00", "").strip()
        return self.entity.search(queryset, query) if query else queryset


def list_cells(obj: models.Model, columns: Sequence[models.Field]) -> list[Cell]:
    """A list page's row: the first cell links to the object, long text is cut short."""
    cells = [cell(obj, f) for f in columns]
    first = Cell(cells[0].text, obj.get_absolute_url(), cells[0].kind).short(40)  # type: ignore[attr-defined]
    return [first] + [c.short(40 if c.url else 60) for c in cells[1:]]


class ListView(FilteredMixin, generic.ListView):
    paginate_by = 20
    template_suffix = "list"

    def get_template_names(self) -> list[str]:
        # HTMX asks for the results table alone when the search box or a filter changes.
        if self.request.headers.get("HX-Request") and not self.request.headers.get("HX-Boosted"):
            return ["crud/_results.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["columns"] = self.entity.list_columns
        context["row_cells"] = [list_cells(obj, self.entity.list_columns) for obj in context["object_list"]]
        context["filter_form"] = self.filterset.form
        context["query"] = self.request.GET.get("q", "")
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        return context


class ExportView(FilteredMixin, generic.View):
    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        columns = self.entity.columns
        writer = csv.writer(_Echo())

        def rows() -> Iterator[str]:
            yield writer.writerow([f.name for f in columns])
            for obj in self.get_queryset().iterator(chunk_size=500):
                yield writer.writerow([csv_value(obj, f) for f in columns])

        response = StreamingHttpResponse(rows(), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{self.entity.plural}.csv"'
        return response


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


class DetailView(EntityMixin, generic.DetailView):
    template_suffix = "detail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cells"] = [(f.verbose_name, cell(self.object, f)) for f in self.entity.columns]
        return context


class FormMixin(LoginRequiredMixin, SuccessMessageMixin, EntityMixin):
    template_suffix = "form"

    def get_form_class(self) -> type[forms.ModelForm]:
        return self.entity.form_class


class CreateView(FormMixin, generic.CreateView):
    def get_success_message(self, cleaned_data: dict[str, Any]) -> str:
        return f"Created {self.object}."


class UpdateView(FormMixin, generic.UpdateView):
    def get_success_message(self, cleaned_data: dict[str, Any]) -> str:
        return f"Saved {self.object}."


class DeleteView(LoginRequiredMixin, EntityMixin, generic.DeleteView):
    """GET asks for confirmation; POST deletes, unless other objects still refer to this one."""

    template_suffix = "confirm_delete"

    def get_success_url(self) -> str:
        return reverse(f"{self.entity.name}-list")

    def form_valid(self, form: forms.Form) -> HttpResponse:
        label = str(self.object)
        try:
            response = super().form_valid(form)
        except ProtectedError as error:
            blockers = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            messages.error(self.request, f"{label} is still referred to by {blockers}; change those first.")
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"Deleted {label}.")
        return response

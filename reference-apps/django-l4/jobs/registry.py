"""The entities that jobs export and import: each entity's list view and form, so that a job selects and
validates objects exactly as the pages do.

A job names its entity by model label ("library.task"); URLs name it as the pages do ("task").
"""

from dataclasses import dataclass

from django import forms as django_forms
from django.db import models as db_models
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from library import forms, views
from library.mixins import SearchMixin, csv_value, from_csv_text

__all__ = ["ENTITIES", "Entity", "by_label", "by_name", "csv_value", "from_csv_text", "label_of"]


@dataclass(frozen=True)
class Entity:
    list_view: type[SearchMixin]
    form_class: type[django_forms.ModelForm]

    @property
    def model(self) -> type[db_models.Model]:
        return self.list_view.model

    @property
    def name(self) -> str:
        return self.model._meta.model_name or ""

    @property
    def plural(self) -> str:
        """The URL segment: /tasks/."""
        return str(self.model._meta.verbose_name_plural)

    @property
    def verbose_plural(self) -> str:
        return self.plural.capitalize()

    @property
    def columns(self) -> list[db_models.Field]:
        """Every concrete field, pk first, in model order: the CSV columns."""
        return list(self.model._meta.concrete_fields)

    def filtered(self, query: str) -> QuerySet:
        """The objects the list page shows for `query` (its ?q= and filters, as a query string), unpaginated."""
        request = HttpRequest()
        request.GET = QueryDict(query)
        view = self.list_view()
        view.setup(request)
        return view.get_queryset()


ENTITIES = [
    Entity(views.AuthorList, forms.AuthorForm),
    Entity(views.BookList, forms.BookForm),
    Entity(views.LoanList, forms.LoanForm),
]


def label_of(entity: Entity) -> str:
    return entity.model._meta.label_lower


def by_name(name: str) -> Entity | None:
    return next((entity for entity in ENTITIES if entity.name == name), None)


def by_label(label: str) -> Entity | None:
    return next((entity for entity in ENTITIES if label_of(entity) == label), None)

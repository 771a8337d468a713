"""Pages: the home page, and the CRUD pages of every entity (configured here, implemented in crud.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import forms, models
from .crud import Entity

ENTITIES = [
    Entity(
        model=models.Author,
        form_class=forms.AuthorForm,
        plural="authors",
        label="name",
        search_fields=("name", "bio"),
    ),
    Entity(
        model=models.Book,
        form_class=forms.BookForm,
        plural="books",
        label="title",
        search_fields=("title",),
        filter_fields=("author", "status", "in_print"),
        related=("author",),
    ),
    Entity(
        model=models.Loan,
        form_class=forms.LoanForm,
        plural="loans",
        label="borrower",
        search_fields=("borrower",),
        filter_fields=("book", "returned"),
        related=("book",),
    ),
]


def entity_counts() -> list[int]:
    """How many objects each entity has, in ENTITIES order."""
    return [entity.model._default_manager.count() for entity in ENTITIES]


def home(request: HttpRequest) -> HttpResponse:
    """Every entity with its count: the place to start."""
    cards = list(zip(ENTITIES, entity_counts(), strict=True))
    return render(request, "library/home.html", {"cards": cards})

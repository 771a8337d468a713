"""Pages: the home page, and the CRUD pages of every entity (configured here, implemented in crud.py)."""

from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
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


# COUNT(*) reads a whole table in PostgreSQL, on every visit of the home page. So the counts are kept in the
# cache (Redis) for a minute, and forgotten as soon as an object is saved or deleted (the receivers below,
# connected in apps.py). With Redis down the cache misses, and the page counts again.
HOME_COUNTS_KEY = "home:counts"
HOME_COUNTS_SECONDS = 60


def entity_counts() -> list[int]:
    """How many objects each entity has, in ENTITIES order."""
    counts = cache.get(HOME_COUNTS_KEY)
    if not isinstance(counts, list) or len(counts) != len(ENTITIES):
        counts = [entity.model._default_manager.count() for entity in ENTITIES]
        cache.set(HOME_COUNTS_KEY, counts, HOME_COUNTS_SECONDS)
    return counts


def forget_home_counts(sender: type, **kwargs: Any) -> None:
    cache.delete(HOME_COUNTS_KEY)


def connect_signals() -> None:
    """Called once, from apps.py: every save and delete of an entity drops the cached counts."""
    for entity in ENTITIES:
        for signal in (post_save, post_delete):
            signal.connect(forget_home_counts, sender=entity.model, dispatch_uid=f"home-counts-{entity.name}")


def home(request: HttpRequest) -> HttpResponse:
    """Every entity with its count: the place to start."""
    cards = list(zip(ENTITIES, entity_counts(), strict=True))
    return render(request, "library/home.html", {"cards": cards})

"""Pages: the home page, and the CRUD pages of every entity (configured here, implemented in crud.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import forms, models
from .crud import Entity

ENTITIES = [
    Entity(
        model=models.Task,
        form_class=forms.TaskForm,
        plural="tasks",
        label="title",
        search_fields=("title",),
        filter_fields=("completed",),
    ),
]


def entity_counts() -> list[int]:
    """How many objects each entity has, in ENTITIES order."""
    return [entity.model._default_manager.count() for entity in ENTITIES]


def home(request: HttpRequest) -> HttpResponse:
    """Every entity with its count: the place to start."""
    cards = list(zip(ENTITIES, entity_counts(), strict=True))
    return render(request, "my_app/home.html", {"cards": cards})

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


def home(request: HttpRequest) -> HttpResponse:
    """Every entity with its count: the place to start."""
    cards = [(entity, entity.model._default_manager.count()) for entity in ENTITIES]
    return render(request, "my_app/home.html", {"cards": cards})

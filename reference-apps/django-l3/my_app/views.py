"""The pages: the home page, then for each entity its list, CSV export, detail, create, edit and delete views.

They are Django's generic class-based views, one class per page: edit an entity's class to change its page.
mixins.py holds the few things they share (search and filters, CSV, template fallbacks, messages).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views import generic

from . import forms, models
from .mixins import CsvExportMixin, ProtectedDeleteMixin, SavedMessageMixin, SearchMixin, TemplatesMixin
from .pagination import count_of

# The entities, in the order the navigation bar and the home page show them.
ENTITY_MODELS = [models.Task]


def home(request: HttpRequest) -> HttpResponse:
    """Every entity with its count (an estimate for a large table): the place to start."""
    cards = [(model._meta, *count_of(model._default_manager.all())) for model in ENTITY_MODELS]
    return render(request, "my_app/home.html", {"cards": cards})


class TaskList(SearchMixin, generic.ListView):
    model = models.Task
    paginate_by = 20
    list_fields = ["title", "completed", "created_at"]
    search_fields = ["title"]
    filterset_fields = ["completed"]


class TaskExport(CsvExportMixin, TaskList):
    """/tasks/export.csv: the list's objects (its search and filters) as CSV."""


class TaskDetail(TemplatesMixin, generic.DetailView):
    model = models.Task


class TaskCreate(LoginRequiredMixin, SavedMessageMixin, TemplatesMixin, generic.CreateView):
    model = models.Task
    form_class = forms.TaskForm
    success_message = "Created %(object)s."


class TaskUpdate(LoginRequiredMixin, SavedMessageMixin, TemplatesMixin, generic.UpdateView):
    model = models.Task
    form_class = forms.TaskForm
    success_message = "Saved %(object)s."


class TaskDelete(LoginRequiredMixin, ProtectedDeleteMixin, TemplatesMixin, generic.DeleteView):
    model = models.Task
    success_url = reverse_lazy("task-list")

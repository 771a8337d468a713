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
from .mixins import CsvExportMixin, FieldsMixin, ProtectedDeleteMixin, SavedMessageMixin, SearchMixin, TemplatesMixin
from .pagination import count_of

# The entities, in the order the navigation bar and the home page show them.
ENTITY_MODELS = [models.Author, models.Book, models.Loan]


def home(request: HttpRequest) -> HttpResponse:
    """Every entity with its count (an estimate for a large table): the place to start."""
    cards = [(model._meta, *count_of(model._default_manager.all())) for model in ENTITY_MODELS]
    return render(request, "library/home.html", {"cards": cards})


class AuthorList(SearchMixin, generic.ListView):
    model = models.Author
    paginate_by = 20
    list_fields = ["name", "email", "website", "royalty_rate", "created_at"]
    search_fields = ["name", "bio"]
    filterset_fields = []


class AuthorExport(CsvExportMixin, AuthorList):
    """/authors/export.csv: the list's objects (its search and filters) as CSV."""


class AuthorDetail(FieldsMixin, generic.DetailView):
    model = models.Author


class AuthorCreate(LoginRequiredMixin, SavedMessageMixin, TemplatesMixin, generic.CreateView):
    model = models.Author
    form_class = forms.AuthorForm
    success_message = "Created %(object)s."


class AuthorUpdate(LoginRequiredMixin, SavedMessageMixin, TemplatesMixin, generic.UpdateView):
    model = models.Author
    form_class = forms.AuthorForm
    success_message = "Saved %(object)s."


class AuthorDelete(LoginRequiredMixin, ProtectedDeleteMixin, TemplatesMixin, generic.DeleteView):
    model = models.Author
    success_url = reverse_lazy("author-list")


class BookList(SearchMixin, generic.ListView):
    queryset = models.Book.objects.select_related("author", "sequel_to")
    model = models.Book
    paginate_by = 20
    list_fields = [
        "title",
        "author",
        "status",
        "price",
        "rating",
        "pages",
        "published_on",
        "in_print",
        "added_at",
        "updated_at",
        "sequel_to",
        "format",
        "copies",
    ]
    search_fields = ["title"]
    filterset_fields = ["author", "status", "in_print", "sequel_to", "format"]


class BookExport(CsvExportMixin, BookList):
    """/books/export.csv: the list's objects (its search and filters) as CSV."""


class BookDetail(FieldsMixin, generic.DetailView):
    queryset = models.Book.objects.select_related("author", "sequel_to")
    model = models.Book


class BookCreate(LoginRequiredMixin, SavedMessageMixin, TemplatesMixin, generic.CreateView):
    model = models.Book
    form_class = forms.BookForm
    success_message = "Created %(object)s."


class BookUpdate(LoginRequiredMixin, SavedMessageMixin, TemplatesMixin, generic.UpdateView):
    model = models.Book
    form_class = forms.BookForm
    success_message = "Saved %(object)s."


class BookDelete(LoginRequiredMixin, ProtectedDeleteMixin, TemplatesMixin, generic.DeleteView):
    model = models.Book
    success_url = reverse_lazy("book-list")


class LoanList(SearchMixin, generic.ListView):
    queryset = models.Loan.objects.select_related("book")
    model = models.Loan
    paginate_by = 20
    list_fields = [
        "borrower",
        "book",
        "due_on",
        "returned",
        "copy_number",
        "returned_at",
        "fine",
        "ticket",
        "created_at",
    ]
    search_fields = ["borrower"]
    filterset_fields = ["book", "returned"]


class LoanExport(CsvExportMixin, LoanList):
    """/loans/export.csv: the list's objects (its search and filters) as CSV."""


class LoanDetail(FieldsMixin, generic.DetailView):
    queryset = models.Loan.objects.select_related("book")
    model = models.Loan


class LoanCreate(LoginRequiredMixin, SavedMessageMixin, TemplatesMixin, generic.CreateView):
    model = models.Loan
    form_class = forms.LoanForm
    success_message = "Created %(object)s."


class LoanUpdate(LoginRequiredMixin, SavedMessageMixin, TemplatesMixin, generic.UpdateView):
    model = models.Loan
    form_class = forms.LoanForm
    success_message = "Saved %(object)s."


class LoanDelete(LoginRequiredMixin, ProtectedDeleteMixin, TemplatesMixin, generic.DeleteView):
    model = models.Loan
    success_url = reverse_lazy("loan-list")

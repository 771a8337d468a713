"""Admin registration of every entity, with list display, filters, search and read-only fields."""

from django.contrib import admin
from django.db import models

from .models import Author, Book, Loan


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "website"]
    search_fields = ["name", "bio"]
    # A URL typed without a scheme gets https:// (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "price", "rating", "pages"]
    list_filter = ["author", "status", "in_print", "published_on", "added_at"]
    search_fields = ["title"]
    readonly_fields = ["id", "added_at"]
    list_select_related = ["author"]


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    list_display = ["book", "borrower", "due_on", "returned"]
    list_filter = ["book", "returned", "due_on"]
    search_fields = ["borrower"]
    list_select_related = ["book"]

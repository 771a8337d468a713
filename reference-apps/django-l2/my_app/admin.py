"""Admin registration of every entity, with list display, filters, search and read-only fields."""

from django.contrib import admin

from .models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "completed", "created_at"]
    list_filter = ["completed", "created_at"]
    search_fields = ["title"]
    readonly_fields = ["id", "created_at"]

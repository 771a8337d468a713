"""Background jobs in the admin: a read-only record of who ran what, with filters. Deleting a job deletes its files."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "processed", "total", "failed_count", "created_by", "created_at"]
    list_filter = ["kind", "status", "entity", "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["id", "entity", "upload_name", "error", "created_by__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs start from the pages, where the worker is told about them

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a job's record is what happened: shown, never edited

"""Admin registration of every entity, with list display, filters, search and read-only fields."""

from django.contrib import admin

from .models import Task


class EntityAdmin(admin.ModelAdmin):
    """The admin of every entity: Django's, without regular-expression lookups in the URL (`?title__regex=(`),
    which PostgreSQL answers with an error for a bad pattern; Django then refuses the URL with 400."""

    def lookup_allowed(self, lookup: str, value: str, request: object = None) -> bool:
        if lookup.rsplit("__", 1)[-1] in ("regex", "iregex"):
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(Task)
class TaskAdmin(EntityAdmin):
    list_display = ["title", "completed", "created_at"]
    list_filter = ["completed", "created_at"]
    search_fields = ["title"]
    readonly_fields = ["id", "created_at"]

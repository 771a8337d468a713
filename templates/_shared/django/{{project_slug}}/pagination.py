"""Pagination that counts in the page's own query: one database round trip a page instead of two.

Django's paginator asks the database twice for each page: `SELECT COUNT(*)` for the page count, then the page's
rows. `CountingPaginator` asks once, with the count as a window over everything the filters found
(`COUNT(*) OVER ()`) beside each row. The database does the same work (the count still visits every row found),
but the app saves a query's round trip and Python-side cost, the larger share of a cached list page's time.
A page past the end has no row to read the count from; it falls back to Django's two queries, which then answer
404 as before. Used by the list pages (crud.ListView) and the API's lists (settings.REST_FRAMEWORK).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from rest_framework import pagination

FOUND = "found_by_window"  # the annotation: how many rows the page's filters found in all
# No table reaches this far; a larger OFFSET is an error on PostgreSQL and SQLite (Django's own paginator then
# answers the 404, having counted first).
MAX_OFFSET = 2**62


class CountingPaginator(Paginator):
    def page(self, number: Any) -> Page:
        rows = self._rows_with_count(number)
        if not rows:
            return super().page(number)
        self.__dict__["count"] = getattr(rows[0], FOUND)  # fills Paginator.count, a cached_property
        return self._get_page(rows, self.validate_number(number), self)

    def _rows_with_count(self, number: Any) -> list[Any]:
        """The page's rows, each carrying the count, or [] when the one query does not apply."""
        queryset = self.object_list
        counted = "count" in self.__dict__  # already known (the "last" page): nothing to save
        if counted or self.orphans or not isinstance(queryset, QuerySet) or queryset.query.distinct:
            return []  # a DISTINCT is applied after the window, which would count duplicates
        try:
            start = (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            return []
        if not 0 <= start <= MAX_OFFSET:
            return []
        return list(queryset.annotate(**{FOUND: Window(Count("*"))})[start : start + self.per_page])


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's `?page=N` pagination, on the counting paginator."""

    django_paginator_class = CountingPaginator

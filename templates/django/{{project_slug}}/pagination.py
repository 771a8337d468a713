"""Page counts that stay cheap as tables grow: the list pages, the API and the admin share one paginator.

A page needs the number of objects for its "page N of M". On PostgreSQL, `COUNT(*)` reads the whole table (tens
of milliseconds at a million rows, on every list request), so for an unfiltered list of a table larger than
`ESTIMATE_ABOVE` rows the count is PostgreSQL's own estimate (pg_class.reltuples, kept up to date by autovacuum's
ANALYZE): the pages say "about", and the API says so with `"count_is_estimate": true`. A search or a filter
narrows the rows through an index, so its count stays exact.
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.response import Response


def estimated_count(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of an unfiltered queryset's rows, or None where there is none to use (another
    database, a filtered queryset, or a table that has never been analyzed)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or queryset.query.has_filters() or queryset.query.distinct:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


# Below this many rows, COUNT(*) takes a few milliseconds: the count is exact.
ESTIMATE_ABOVE = 100_000


def count_of(queryset: QuerySet) -> tuple[int, bool]:
    """The queryset's number of rows and whether it is an estimate (see the module's docstring)."""
    estimate = estimated_count(queryset)
    if estimate is not None and estimate > ESTIMATE_ABOVE:
        return estimate, True
    return queryset.count(), False


class CountEstimatingPaginator(Paginator):
    """Django's Paginator, counting a large unfiltered table by PostgreSQL's estimate (`count_is_estimate`)."""

    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            exact: int = super().count
            return exact
        number, self.count_is_estimate = count_of(self.object_list)
        return number


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page-number pagination (`?page=N`, PAGE_SIZE a page) over CountEstimatingPaginator."""

    django_paginator_class = CountEstimatingPaginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        if self.page.paginator.count_is_estimate:
            response.data["count_is_estimate"] = True
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated: dict[str, Any] = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": "Present and true when `count` is an estimate (a large table, no search or filter).",
        }
        return paginated

"""Pages that stay cheap as tables grow: the list pages, the API and the admin share one paginator.

A page needs the number of objects for its "page N of M". On PostgreSQL, `COUNT(*)` reads every row it counts
(tens of milliseconds for a million, on every list request), so where PostgreSQL's planner expects more than
`ESTIMATE_ABOVE` rows (EXPLAIN: no row is read), the count is that estimate: the pages say "about", the API says so
with `"count_is_estimate": true`. A search or filter that selects fewer rows is counted exactly, through its index.

A page past the first skips rows with OFFSET, and the database builds every row it skips: with the related rows
a list joins (`select_related`), page 1,000 joins 20,000 rows to show 20. So a later page picks its rows' keys
alone, from the ordering index, and joins only those (a "deferred join").
"""

import json
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.response import Response

# Below this many rows, COUNT(*) takes a few milliseconds: the count is exact.
ESTIMATE_ABOVE = 100_000


def estimated_count(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of the queryset's rows, from its query plan; None on another database."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


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

    def page(self, number: Any) -> Page:
        page = super().page(number)
        rows = page.object_list
        if isinstance(rows, QuerySet) and rows.query.low_mark:
            # The page's keys in one query (`IN (SELECT pk ... OFFSET n LIMIT 20)`), read in the list's order.
            page.object_list = self.object_list.filter(pk__in=rows.values("pk"))
        return page


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
            "description": "Present and true when `count` is PostgreSQL's estimate (many rows, see pagination.py).",
        }
        return paginated

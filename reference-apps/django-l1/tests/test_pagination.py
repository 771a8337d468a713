"""Large tables: a list of many rows counted by PostgreSQL's estimate, flagged as such (pagination.py), an exact
count for a few; a later page joining only its own rows; a search that PostgreSQL answers from an index; a
reference into a large table typed as an id instead of a <select> of every row (forms.py)."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from library import forms, pagination

from .conftest import entity_params, form_data, make, values_of

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="counts are estimated and searches indexed on PostgreSQL only"
)


def analyze(entity: Any) -> None:
    """What autovacuum does after many writes: refresh the table's statistics, its row estimate among them."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(entity.model._meta.db_table)}")


@pytest.mark.parametrize("entity", entity_params())
class TestCounts:
    def test_a_small_table_is_counted_exactly(self, api: APIClient, entity: Any) -> None:
        for _ in range(3):
            make(entity)
        if connection.vendor == "postgresql":
            analyze(entity)
        body = api.get(f"/api/{entity.plural}/").json()
        assert body["count"] == 3
        assert "count_is_estimate" not in body

    @postgresql_only
    def test_a_large_table_is_counted_by_estimate(
        self, api: APIClient, client: Client, entity: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 2)  # three rows are a large table here
        for _ in range(3):
            make(entity)
        analyze(entity)
        body = api.get(f"/api/{entity.plural}/").json()
        assert (body["count"], body["count_is_estimate"]) == (3, True)
        assert "About 3 in total" in client.get("/").content.decode()
        if entity.search_fields:
            needle = str(getattr(make(entity), entity.search_fields[0]))
            searched = api.get(f"/api/{entity.plural}/", {"q": needle}).json()
            assert (searched["count"], "count_is_estimate" in searched) == (1, False)  # a few rows: exact

    @postgresql_only
    def test_a_search_can_read_its_trigram_index(self, entity: Any) -> None:
        if not entity.search_fields:
            pytest.skip(f"{entity.name} has no field to search")
        with connection.cursor() as cursor:
            # A few rows would be read whole: leave the planner nothing but a bitmap scan of an index.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        for name in entity.search_fields:
            plan = entity.model.objects.filter(**{f"{name}__icontains": "needle"}).order_by().explain()
            assert "_trgm" in plan, plan


@pytest.mark.parametrize("entity", entity_params())
def test_a_reference_into_a_large_table_is_typed_as_its_id(
    logged_in: Client, entity: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    references = [f.name for f in entity.columns if f.is_relation]
    if not references:
        pytest.skip(f"{entity.name} refers to no other entity")
    monkeypatch.setattr(forms, "SELECT_LIMIT", -1)  # any table, even an empty one, is a large table here
    values = values_of(entity)
    page = logged_in.get(f"/{entity.plural}/new/").content.decode()
    for name in references:
        assert f'type="text" name="{name}"' in page
        assert f'<select name="{name}"' not in page
    response = logged_in.post(f"/{entity.plural}/new/", form_data(values))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    created = entity.model.objects.get()
    target = getattr(created, entity.model._meta.get_field(references[0]).attname)
    listing = logged_in.get(f"/{entity.plural}/", {references[0]: str(target)}).content.decode()
    assert f'type="text"\n                 name="{references[0]}"' in listing


@pytest.mark.parametrize("entity", entity_params())
def test_a_later_page_joins_only_its_own_rows(entity: Any) -> None:
    for _ in range(5):
        make(entity)
    ordered = entity.model.objects.all()
    paginator = pagination.CountEstimatingPaginator(ordered, 2)
    first, second = paginator.page(1), paginator.page(2)
    assert " IN (SELECT" not in str(first.object_list.query)  # the first page skips nothing: one plain query
    assert " IN (SELECT" in str(second.object_list.query) and "OFFSET 2" in str(second.object_list.query)
    assert list(second.object_list) == list(ordered[2:4])  # the rows OFFSET gives, in the list's order

"""The JSON API of every entity: shapes, auth and validation."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from .conftest import PASSWORD, entity_params, make, values_of

pytestmark = pytest.mark.django_db


def test_token_endpoint(api: APIClient, user: User) -> None:
    response = api.post("/api/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json()["token"]
    refused = api.post("/api/auth/token/", {"username": "alice", "password": "wrong"}, format="json")
    assert refused.status_code == 400
    assert "token" not in refused.json()


@pytest.mark.parametrize("entity", entity_params())
class TestApi:
    def test_list_shape_and_pages(self, api: APIClient, entity: Any) -> None:
        for _ in range(21):
            make(entity)
        body = api.get(f"/api/{entity.plural}/").json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert body["count"] == 21
        assert len(body["results"]) == 20
        with CaptureQueriesContext(connection) as queries:
            second = api.get(f"/api/{entity.plural}/", {"page": 2}).json()
        assert (second["count"], len(second["results"])) == (21, 1)
        assert [q["sql"] for q in queries if " OVER " in q["sql"]] == []  # see test_pages.py
        assert any(" LIMIT 1 OFFSET 20" in q["sql"] for q in queries)  # the rest of the 21
        for wrong in ("3", "0", "abc", "9" * 30):
            assert api.get(f"/api/{entity.plural}/", {"page": wrong}).status_code == 404, wrong

    def test_search(self, api: APIClient, entity: Any) -> None:
        if not entity.search_fields:
            pytest.skip(f"{entity.name} has no str or text field to search")
        wanted = make(entity)
        needle = str(getattr(wanted, entity.search_fields[0])).swapcase()
        results = api.get(f"/api/{entity.plural}/", {"q": needle}).json()["results"]
        assert str(wanted.pk) in [str(item[entity.model._meta.pk.name]) for item in results]

    def test_filters_narrow_the_list_only(self, api: APIClient, entity: Any) -> None:
        """A detail is the object its URL names, whatever the list's search or filters say."""
        if not entity.search_fields:
            pytest.skip(f"{entity.name} has no str or text field to search")
        pk = make(entity).pk
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/{entity.plural}/{pk}/", {"q": "no-such-text"})
        assert response.status_code == 200
        assert [q["sql"] for q in queries if "LIKE" in q["sql"].upper()] == []

    def test_create_read_update_delete(self, token_api: APIClient, entity: Any) -> None:
        created = token_api.post(f"/api/{entity.plural}/", values_of(entity), format="json")
        assert created.status_code == 201, created.json()
        body = created.json()
        pk = body[entity.model._meta.pk.name]
        assert {f.name for f in entity.columns} <= set(body)
        url = f"/api/{entity.plural}/{pk}/"
        assert token_api.get(url).status_code == 200
        assert token_api.put(url, values_of(entity), format="json").status_code == 200
        assert token_api.patch(url, {}, format="json").status_code == 200
        assert token_api.delete(url).status_code == 204
        assert token_api.get(url).status_code == 404

    def test_anonymous_write_is_refused(self, api: APIClient, entity: Any) -> None:
        response = api.post(f"/api/{entity.plural}/", values_of(entity), format="json")
        assert response.status_code in (401, 403)
        assert not entity.model._default_manager.exists()

    def test_invalid_input_names_the_field(self, token_api: APIClient, entity: Any) -> None:
        values = values_of(entity)
        required = [f.name for f in entity.columns if f.editable and not f.blank and not f.has_default()]
        text = [f for f in entity.columns if getattr(f, "max_length", None) and f.editable and not f.choices]
        if required:
            values.pop(required[0])
            broken = required[0]
        elif text:
            values[text[0].name] = "x" * (text[0].max_length + 1)
            broken = text[0].name
        else:
            pytest.skip(f"{entity.name} has no required or length-limited field")
        before = entity.model._default_manager.count()
        response = token_api.post(f"/api/{entity.plural}/", values, format="json")
        assert response.status_code == 400
        assert broken in response.json()
        assert entity.model._default_manager.count() == before

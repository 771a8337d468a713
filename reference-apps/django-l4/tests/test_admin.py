from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from .conftest import entity_params, make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("entity", entity_params())
def test_admin_changelist_and_change_page(client: Client, entity: Any) -> None:
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    obj = make(entity)
    base = f"/admin/{entity.model._meta.app_label}/{entity.name}/"
    assert client.get(base, {"q": "x"}).status_code == 200
    assert client.get(f"{base}{obj.pk}/change/").status_code == 200


# Lookups PostgreSQL answers with an error instead of rows: a bad regular expression, and a NUL character, which
# no PostgreSQL text can hold (in any of a parameter's values).
BAD_LOOKUPS: list[tuple[str, str | list[str]]] = [
    ("regex", "("),
    ("iregex", "("),
    ("contains", "a\x00b"),
    ("exact", ["ok", "a\x00b"]),
]


@pytest.mark.parametrize("entity", entity_params())
def test_admin_refuses_lookups_the_database_would_fail_on(client: Client, entity: Any) -> None:
    """Refused before any query, with 400 (they would be a 500 on PostgreSQL)."""
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    base = f"/admin/{entity.model._meta.app_label}/{entity.name}/"
    field = entity.columns[-1].name
    for lookup, value in BAD_LOOKUPS:
        assert client.get(base, {f"{field}__{lookup}": value}).status_code == 400, lookup

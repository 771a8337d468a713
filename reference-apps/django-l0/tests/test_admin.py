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


@pytest.mark.parametrize("entity", entity_params())
def test_admin_refuses_regex_lookups(client: Client, entity: Any) -> None:
    """A bad pattern would be a database error on PostgreSQL: the lookup is refused before any query, with 400."""
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    base = f"/admin/{entity.model._meta.app_label}/{entity.name}/"
    field = entity.columns[-1].name
    assert client.get(base, {f"{field}__regex": "("}).status_code == 400
    assert client.get(base, {f"{field}__iregex": "("}).status_code == 400

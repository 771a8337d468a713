from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from library.crud import PAGES_CACHE, ROWS_CACHE, Entity
from library.data_generation import DataVersion
from library.sample_data import FACTORIES
from library.views import ENTITIES

__all__ = ["DataVersion"]  # for test_pages.py, which cannot name the app

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_page_caches() -> None:
    """List pages are cached in each process under what they show; a test starts with none."""
    ROWS_CACHE.clear()
    PAGES_CACHE.clear()


@pytest.fixture(autouse=True)
def _private_cache(settings: Any) -> None:
    """A cache of each test's own, in memory: nothing cached by one test (or by the running app) leaks into another."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("alice", "alice@example.com", PASSWORD)


@pytest.fixture
def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def token_api(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def entity_params() -> list[Any]:
    return [pytest.param(entity, id=entity.name) for entity in ENTITIES]


def values_of(entity: Entity) -> dict[str, Any]:
    return FACTORIES[entity.model][0]()


def make(entity: Entity, **overrides: Any) -> Any:
    return FACTORIES[entity.model][1](**overrides)


def form_data(values: dict[str, Any]) -> dict[str, Any]:
    """Values as a browser posts them: checked boxes send "on", unchecked ones nothing."""
    data = {name: value for name, value in values.items() if not isinstance(value, bool)}
    data.update({name: "on" for name, value in values.items() if value is True})
    return {name: "" if value is None else value for name, value in data.items()}

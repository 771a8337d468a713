from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import models as db_models
from django.forms import ModelForm
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from library import forms, models, views
from library.sample_data import FACTORIES

__all__ = ["FACTORIES"]  # for test_pages.py

PASSWORD = "correct-horse-battery-staple"


@dataclass(frozen=True)
class Entity:
    """One entity as the tests see it: its model, form and list view, its URL segment and display-name field."""

    model: type[db_models.Model]
    form_class: type[ModelForm]
    list_view: type[views.SearchMixin]
    plural: str
    label: str = ""

    @property
    def name(self) -> str:
        return self.model._meta.model_name or ""

    @property
    def search_fields(self) -> list[str]:
        return self.list_view.search_fields

    @property
    def columns(self) -> list[db_models.Field]:
        return list(self.model._meta.concrete_fields)


ENTITIES = [
    Entity(models.Author, forms.AuthorForm, views.AuthorList, "authors", "name"),
    Entity(models.Book, forms.BookForm, views.BookList, "books", "title"),
    Entity(models.Loan, forms.LoanForm, views.LoanList, "loans", "borrower"),
]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    """Tests render templates without running collectstatic first, and keep files on disk even where the
    environment names an S3 bucket (tests/test_storage.py brings a bucket of its own)."""
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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

"""What the frontend's server relies on: the API reads the visitor's session, checks their CSRF token on every
write made with it, and takes the visitor's host from the front door's X-Forwarded-Host, validated."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.crypto import get_random_string

from .conftest import entity_params, make

pytestmark = pytest.mark.django_db


def test_user_endpoint_names_the_session_user(logged_in: Client) -> None:
    response = logged_in.get("/api/auth/user/")
    assert response.status_code == 200
    assert response.json() == {"username": "alice"}


def test_user_endpoint_refuses_a_visitor(client: Client) -> None:
    assert client.get("/api/auth/user/").status_code in (401, 403)


def test_a_logged_out_session_is_nobody(client: Client, user: User) -> None:
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    copy = Client()
    copy.cookies["sessionid"] = cookie
    assert copy.get("/api/auth/user/").status_code in (401, 403)


@pytest.mark.parametrize("entity", entity_params())
def test_a_session_write_needs_the_csrf_token(user: User, entity: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    obj = make(entity)
    path = f"/api/{entity.plural}/{obj.pk}/"
    assert browser.delete(path).status_code == 403
    token = get_random_string(32)  # a CSRF secret, as the csrftoken cookie holds it
    browser.cookies["csrftoken"] = token
    assert browser.delete(path, headers={"X-CSRFToken": token}).status_code == 204


def test_the_forwarded_host_is_validated(client: Client) -> None:
    assert client.get("/api/", headers={"X-Forwarded-Host": "evil.example.com"}).status_code == 400
    assert client.get("/api/", headers={"X-Forwarded-Host": "localhost"}).status_code == 200

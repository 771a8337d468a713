"""What the frontend's server relies on: the API reads the visitor's session, checks their CSRF token on every
write made with it, and takes the visitor's host from the front door's X-Forwarded-Host, validated."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.crypto import get_random_string

from .conftest import PASSWORD, entity_params, make

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
    client.delete("/api/auth/session/")
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


def test_the_session_endpoint_hands_out_a_csrf_token_and_its_cookie() -> None:
    response = Client(enforce_csrf_checks=True).get("/api/auth/session/")
    assert response.status_code == 200
    assert response.json()["csrf_token"]
    assert response.cookies["csrftoken"].value


def test_signing_in_needs_the_csrf_token(user: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    credentials = {"username": user.username, "password": PASSWORD}
    assert browser.post("/api/auth/session/", credentials, content_type="application/json").status_code == 403
    token = browser.get("/api/auth/session/").json()["csrf_token"]
    signed_in = browser.post(
        "/api/auth/session/", credentials, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert signed_in.status_code == 200
    assert signed_in.json() == {"username": user.username}
    session = signed_in.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert browser.get("/api/auth/user/").json() == {"username": user.username}


def test_a_wrong_password_signs_nobody_in(client: Client, user: User) -> None:
    refused = client.post(
        "/api/auth/session/", {"username": user.username, "password": "wrong"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "sessionid" not in refused.cookies
    assert client.get("/api/auth/user/").status_code in (401, 403)


def test_signing_out_needs_the_csrf_token(user: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.delete("/api/auth/session/").status_code == 403
    assert browser.get("/api/auth/user/").status_code == 200  # still signed in
    token = get_random_string(32)
    browser.cookies["csrftoken"] = token
    assert browser.delete("/api/auth/session/", headers={"X-CSRFToken": token}).status_code == 204
    assert browser.get("/api/auth/user/").status_code in (401, 403)

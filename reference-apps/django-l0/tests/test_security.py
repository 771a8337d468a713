"""Security defaults: logging out ends the session, failed logins limited per address and per username
(django-axes), a strict CSP."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_PATH = "/accounts/login/"
REFUSED, SIGNED_IN = 200, 302  # the form again, or a redirect


def login(client: Client, username: str, password: str, address: str, **headers: str) -> Any:
    return client.post(LOGIN_PATH, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def test_logout_is_a_post_that_ends_the_session_on_the_server(logged_in: Client) -> None:
    key = logged_in.session.session_key
    assert logged_in.get("/accounts/logout/").status_code == 405
    assert logged_in.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_login_is_locked_for_an_address_after_five_failures(client: Client, user: User, settings: Any) -> None:
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, f"someone{number}", "wrong", "10.0.0.1").status_code == REFUSED
    assert login(client, "someone", "wrong", "10.0.0.1").status_code == 429  # the last failure allowed
    locked = login(client, user.username, PASSWORD, "10.0.0.1")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert login(Client(), user.username, PASSWORD, "10.0.0.2").status_code == SIGNED_IN  # another address


def test_login_is_locked_for_a_username_after_five_failures(client: Client, user: User, settings: Any) -> None:
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "wrong", f"10.0.1.{number}")
    assert login(client, user.username, PASSWORD, "10.0.2.1").status_code == 429


def test_api_token_is_locked_after_five_failures(client: Client, user: User, settings: Any) -> None:
    def token(password: str) -> Any:
        return client.post(
            "/api/auth/token/", {"username": user.username, "password": password}, REMOTE_ADDR="10.0.3.1"
        )

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token("wrong").status_code == 400
    token("wrong")
    locked = token(PASSWORD)
    assert locked.status_code == 429
    assert "Retry-After" in locked


def test_a_client_behind_a_proxy_is_told_apart_by_x_forwarded_for(client: Client, user: User, settings: Any) -> None:
    settings.PROXY_COUNT = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"someone{number}", "wrong", "10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = login(Client(), user.username, PASSWORD, "10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == SIGNED_IN


def test_pages_send_a_strict_content_security_policy(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_templates_have_no_inline_script_or_style() -> None:
    """What the policy refuses: inline <script>, <style>, style="..." attributes and on...= handlers."""
    templates = Path(__file__).resolve().parent.parent.glob("*/templates/**/*.html")
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    found = [f"{path.name}: {match.group(0)}" for path in templates for match in inline.finditer(path.read_text())]
    assert found == []

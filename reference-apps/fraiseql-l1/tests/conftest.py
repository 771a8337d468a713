"""Tests run against a real PostgreSQL: a scratch database made from DATABASE_URL, migrated by confiture as the
Procfile's release step does, and dropped at the end."""

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from fastapi.testclient import TestClient

SERVER_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/library")
TEST_DB = f"test_library_{secrets.token_hex(4)}"
TEST_URL = urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{TEST_DB}"))
# The app reads its settings at import: the tests run it as production does (DEBUG off) on the scratch database.
os.environ.update(DATABASE_URL=TEST_URL, DEBUG="false", SECRET_KEY=secrets.token_urlsafe(40), HTTPS="false")
os.environ.update(ALLOWED_HOSTS="testserver", ADMIN_USERNAME="tester", ADMIN_PASSWORD=secrets.token_urlsafe(16))


def admin_url(url: str) -> str:
    """The server's maintenance database, to create and drop the scratch one."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def run(command: list[str]) -> None:
    """A step of the setup, as the Procfile and the README run it; its output shown if it fails."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    with psycopg.connect(admin_url(SERVER_URL), autocommit=True) as conn:
        conn.execute(f'create database "{TEST_DB}"')
    try:
        confiture = Path(sys.executable).parent / "confiture"
        run([str(confiture), "migrate", "up", "--no-config"])
        run([sys.executable, "-m", "library", "createadmin"])
        yield TEST_URL
    finally:
        with psycopg.connect(admin_url(SERVER_URL), autocommit=True) as conn:
            conn.execute(f'drop database "{TEST_DB}" with (force)')


@pytest.fixture(scope="session")
def client(database: str) -> Iterator[TestClient]:
    from library.app import create_app

    with TestClient(create_app()) as client:
        yield client


@pytest.fixture(scope="session")
def token(client: TestClient) -> str:
    credentials = {"username": os.environ["ADMIN_USERNAME"], "password": os.environ["ADMIN_PASSWORD"]}
    response = client.post("/auth/token/", json=credentials)
    assert response.status_code == 200, response.text
    return response.json()["token"]


def graphql(client: TestClient, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()

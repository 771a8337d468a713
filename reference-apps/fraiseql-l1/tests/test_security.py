"""Bad requests get GraphQL errors, never a server error; with DEBUG off the schema is not introspectable."""

import subprocess
import sys

from library import settings

from .conftest import graphql

LIST = "authors"


def messages(answer: dict) -> str:
    return " ".join(error["message"] for error in answer["errors"])


def test_unknown_field(client):
    assert "Cannot query field" in messages(graphql(client, "{ %s { notAField } }" % LIST))


def test_syntax_error(client):
    assert "Syntax Error" in messages(graphql(client, "{ %s { " % LIST))


def test_wrong_variable_type(client):
    answer = graphql(client, "query Page($limit: Int) { %s(limit: $limit) { id } }" % LIST, {"limit": "x"})
    assert "$limit" in messages(answer)


def test_limit_above_the_maximum(client):
    answer = graphql(client, "{ %s(limit: %d) { id } }" % (LIST, settings.MAX_LIMIT + 1))
    assert f"between 0 and {settings.MAX_LIMIT}" in messages(answer)


def test_too_deep(client):
    nested = "{ %s { %s } }" % (LIST, "nested { " * settings.MAX_QUERY_DEPTH + "id" + " }" * settings.MAX_QUERY_DEPTH)
    assert f"at most {settings.MAX_QUERY_DEPTH} are allowed" in messages(graphql(client, nested))


def test_one_root_field_per_request(client):
    answer = graphql(client, "{ a: %s { id } b: %s { id } }" % (LIST, LIST))
    assert "one root field" in messages(answer)
    assert "errors" not in graphql(client, "{ __typename %s { id } }" % LIST)


def test_no_introspection(client):
    assert "introspection" in messages(graphql(client, "{ __schema { types { name } } }")).lower()


def test_body_not_json(client):
    response = client.post("/graphql", content=b"not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "The request body is not JSON."


def test_body_too_large(client):
    padding = "x" * settings.MAX_BODY_BYTES
    response = client.post("/graphql", json={"query": "{ %s { id } }" % LIST, "padding": padding})
    assert response.status_code == 413


def test_production_refuses_a_missing_or_example_secret_key():
    for value in ("", settings.EXAMPLE_SECRET_KEY, "short"):
        env = {"DEBUG": "false", "SECRET_KEY": value, "PATH": "/usr/bin:/bin"}
        command = [sys.executable, "-c", "import library.settings"]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

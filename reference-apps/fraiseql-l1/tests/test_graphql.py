"""The GraphQL API of Author: reads are public, writes need a token, and a refused write stores nothing."""

import secrets
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from library.seed import SAMPLES, seed

from .conftest import graphql

ONE = "query One($id: ID!) { author(id: $id) { id } }"
SELECTION = "id name email website bio royaltyRate"
CREATE = """
mutation Create($input: CreateAuthorInput!) {
  createAuthor(input: $input) {
    __typename
    ... on CreateAuthorSuccess { author { id name email website bio royaltyRate } }
    ... on CreateAuthorError { message fieldErrors { field message } }
  }
}
"""
UPDATE = """
mutation Update($id: ID!, $input: UpdateAuthorInput!) {
  updateAuthor(id: $id, input: $input) {
    __typename
    ... on UpdateAuthorSuccess { author { id name email website bio royaltyRate } }
    ... on UpdateAuthorError { message fieldErrors { field message } }
  }
}
"""
DELETE = """
mutation Delete($id: ID!) {
  deleteAuthor(id: $id) {
    __typename
    ... on DeleteAuthorSuccess { id }
    ... on DeleteAuthorError { message }
  }
}
"""


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


@pytest.fixture(scope="module")
def ids(database: str) -> dict[str, list[Any]]:
    """Two seeded objects of each entity, for the refs of new ones."""
    seed(2)
    with psycopg.connect(database) as conn:
        return {
            name: [row[0] for row in conn.execute(f"select data ->> '{pk}' from v_{function[7:]}")]  # noqa: S608
            for name, (function, pk, _) in SAMPLES.items()
        }


def new_input(ids: dict[str, list[Any]]) -> dict[str, Any]:
    values = SAMPLES["Author"][2](1, secrets.token_hex(3), ids)
    return {camel(key): value for key, value in values.items()}


def count(client: TestClient) -> int:
    return graphql(client, "{ authorsCount }")["data"]["authorsCount"]


def test_list_and_count(client, ids):
    listed = graphql(client, "{ authors(limit: 1) { %s } }" % SELECTION)["data"]["authors"]
    assert len(listed) == 1
    assert count(client) >= 2


def test_create_read_update_delete(client, ids, token):
    created = graphql(client, CREATE, {"input": new_input(ids)}, token)["data"]["createAuthor"]
    assert created["__typename"] == "CreateAuthorSuccess", created
    pk = created["author"]["id"]
    found = graphql(client, ONE, {"id": pk})
    assert found["data"]["author"] == {"__typename": "Author", "id": pk}
    updated = graphql(client, UPDATE, {"id": pk, "input": {}}, token)["data"]["updateAuthor"]
    assert updated["__typename"] == "UpdateAuthorSuccess", updated
    deleted = graphql(client, DELETE, {"id": pk}, token)["data"]["deleteAuthor"]
    assert deleted == {"__typename": "DeleteAuthorSuccess", "id": pk}
    assert graphql(client, ONE, {"id": pk})["data"] == {"author": None}


def test_anonymous_create_is_refused(client, ids):
    before = count(client)
    answer = graphql(client, CREATE, {"input": new_input(ids)})
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert count(client) == before


def test_invalid_create_names_the_field_and_stores_nothing(client, ids, token):
    before = count(client)
    payload = {**new_input(ids), "name": None}
    refused = graphql(client, CREATE, {"input": payload}, token)["data"]["createAuthor"]
    assert refused["__typename"] == "CreateAuthorError"
    assert [error["field"] for error in refused["fieldErrors"]] == ["name"]
    assert count(client) == before


def test_unknown_id_is_null(client):
    assert graphql(client, '{ author(id: "0") { id } }')["data"] == {"author": None}


def test_q_matches_its_text_as_written_whatever_the_case(client, ids, token):
    tag = secrets.token_hex(3)
    payload = {**new_input(ids), "name": f"{tag} 50% off"}
    created = graphql(client, CREATE, {"input": payload}, token)["data"]["createAuthor"]
    assert created["__typename"] == "CreateAuthorSuccess", created
    query = "query Count($q: String) { authorsCount(q: $q) }"
    for q, expected in [(f"{tag.upper()} 50% OFF", 1), (f"{tag}%off", 0), (f"{tag} 50_", 0)]:
        assert graphql(client, query, {"q": q})["data"]["authorsCount"] == expected, q


@pytest.mark.parametrize("view", ["author", "book", "loan"])
def test_a_search_can_read_its_trigram_index(database, view):
    with psycopg.connect(database) as conn:
        # A few rows would be read whole: leave the planner nothing but the index.
        conn.execute("set enable_seqscan = off")
        plan = conn.execute(f"explain select data from v_{view} where _search ilike '%needle%'").fetchall()  # noqa: S608
    assert "_search_trgm" in str(plan), plan


@pytest.mark.parametrize("view", ["author", "book", "loan"])
def test_a_search_run_again_and_again_is_planned_for_its_pattern(database, view):
    """After five runs of a prepared statement PostgreSQL may keep one plan for any pattern, which cannot use the
    trigram index well (db/migrations/004_custom_plans.up.sql): every run is planned with its own pattern."""
    with psycopg.connect(database) as conn:
        conn.execute("set enable_seqscan = off")
        search = f"select data from v_{view} where _search ilike $1 order by _order desc limit 20"  # noqa: S608
        conn.execute(f"prepare search(text) as {search}")
        for _ in range(10):
            conn.execute("execute search('%needle%')").fetchall()
        plan = str(conn.execute("explain execute search('%needle%')").fetchall())
    assert "'%needle%'" in plan and "$1" not in plan, plan

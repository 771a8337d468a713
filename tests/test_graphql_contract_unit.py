"""The GraphQL contract driver's translations between the entity model and GraphQL names and values."""

from __future__ import annotations

from pathlib import Path

from ladder.build.spec import model_of_project
from ladder.verify.contract.graphql import Names, camel, from_graphql, input_name, to_input

LIBRARY = model_of_project(Path(__file__).resolve().parents[1] / "reference-apps" / "fraiseql-l1")
BY_NAME = {e["name"]: e for e in LIBRARY["entities"]}


def test_camel_case_as_fraiseql_names_fields() -> None:
    assert camel("added_at") == "addedAt"
    assert camel("title") == "title"
    assert input_name({"name": "author", "kind": "ref"}) == "authorId"


def test_names_follow_the_entity_spec() -> None:
    names = Names(BY_NAME["Book"], BY_NAME)
    assert (names.list, names.count, names.one) == ("books", "booksCount", "book")
    assert "author { id }" in names.selection and "addedAt" in names.selection
    create = names.mutation("Create")
    assert create.startswith("mutation Create($input: CreateBookInput!) { createBook(input: $input)")
    assert "... on CreateBookError { message fieldErrors { field message } }" in create
    assert "... on DeleteBookSuccess { id }" in names.mutation("Delete")


def test_values_go_in_as_graphql_inputs_and_come_back_as_the_rest_shape() -> None:
    book = BY_NAME["Book"]
    sent = to_input(
        book, {"title": "T", "author": 7, "price": 12.5, "pages": 3, "in_print": True, "published_on": None}
    )
    assert sent == {"title": "T", "authorId": "7", "price": "12.5", "pages": 3, "inPrint": True, "publishedOn": None}
    got = from_graphql(book, {"__typename": "Book", "id": "u", "author": {"__typename": "Author", "id": "7"}}, BY_NAME)
    assert got == {"id": "u", "author": "7"}

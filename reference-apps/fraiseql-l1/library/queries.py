"""The queries: each reads its entity's view; FraiseQL's Rust core turns the JSONB rows into the response."""

from typing import Any
from uuid import UUID

import fraiseql
from fraiseql.db import register_type_for_view
from fraiseql.types import ID
from graphql import GraphQLError, GraphQLResolveInfo

from library.settings import MAX_LIMIT
from library.types import Author, Book, Loan

# The columns of every v_ view beside its JSONB object: the creation order and the text `q` searches.
VIEW_COLUMNS = {"_order", "id", "_search", "data"}
register_type_for_view("v_author", Author, table_columns=VIEW_COLUMNS, has_jsonb_data=True, jsonb_column="data")
register_type_for_view("v_book", Book, table_columns=VIEW_COLUMNS, has_jsonb_data=True, jsonb_column="data")
register_type_for_view("v_loan", Loan, table_columns=VIEW_COLUMNS, has_jsonb_data=True, jsonb_column="data")


def page(limit: int, offset: int) -> dict[str, int]:
    """A page of a list: `limit` at most MAX_LIMIT, `offset` not negative; anything else is a GraphQL error."""
    if not 0 <= limit <= MAX_LIMIT:
        raise GraphQLError(f"limit must be between 0 and {MAX_LIMIT}.", extensions={"code": "BAD_USER_INPUT"})
    if offset < 0:
        raise GraphQLError("offset must not be negative.", extensions={"code": "BAD_USER_INPUT"})
    return {"limit": limit, "offset": offset, "order_by": "_order DESC"}


def search(q: str | None) -> dict[str, Any]:
    """`q` matches the entity's text fields, case-insensitive and as written (`%`, `_` and `\\` are no wildcards).

    Its `_search ILIKE '%q%'` reads the trigram index of db/migrations/003_search.up.sql.
    """
    if not q:
        return {}
    literal = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return {"where": {"_search": {"icontains": literal}}}


def is_id(value: str, kind: str) -> bool:
    """Whether `value` can be an id of this kind: an unknown id is `null`, never an error."""
    if kind == "int":
        return value.isdigit() and len(value) < 19
    try:
        UUID(value)
    except ValueError:
        return False
    return True


@fraiseql.query
async def authors(info: GraphQLResolveInfo, limit: int = 20, offset: int = 0, q: str | None = None) -> list[Author]:
    """Authors, newest first; `q` searches name, bio."""
    db = info.context["db"]
    return await db.find("v_author", "authors", info, **search(q), **page(limit, offset))


@fraiseql.query
async def authors_count(info: GraphQLResolveInfo, q: str | None = None) -> int:
    """How many authors match `q` (all of them without it)."""
    return await info.context["db"].count("v_author", **search(q))


@fraiseql.query
async def author(info: GraphQLResolveInfo, id: ID) -> Author | None:
    """One author by its id, or null."""
    if not is_id(id, "int"):
        return None
    return await info.context["db"].find_one("v_author", "author", info, id=id)


@fraiseql.query
async def books(info: GraphQLResolveInfo, limit: int = 20, offset: int = 0, q: str | None = None) -> list[Book]:
    """Books, newest first; `q` searches title."""
    db = info.context["db"]
    return await db.find("v_book", "books", info, **search(q), **page(limit, offset))


@fraiseql.query
async def books_count(info: GraphQLResolveInfo, q: str | None = None) -> int:
    """How many books match `q` (all of them without it)."""
    return await info.context["db"].count("v_book", **search(q))


@fraiseql.query
async def book(info: GraphQLResolveInfo, id: ID) -> Book | None:
    """One book by its id, or null."""
    if not is_id(id, "uuid"):
        return None
    return await info.context["db"].find_one("v_book", "book", info, id=id)


@fraiseql.query
async def loans(info: GraphQLResolveInfo, limit: int = 20, offset: int = 0, q: str | None = None) -> list[Loan]:
    """Loans, newest first; `q` searches borrower."""
    db = info.context["db"]
    return await db.find("v_loan", "loans", info, **search(q), **page(limit, offset))


@fraiseql.query
async def loans_count(info: GraphQLResolveInfo, q: str | None = None) -> int:
    """How many loans match `q` (all of them without it)."""
    return await info.context["db"].count("v_loan", **search(q))


@fraiseql.query
async def loan(info: GraphQLResolveInfo, id: ID) -> Loan | None:
    """One loan by its id, or null."""
    if not is_id(id, "int"):
        return None
    return await info.context["db"].find_one("v_loan", "loan", info, id=id)

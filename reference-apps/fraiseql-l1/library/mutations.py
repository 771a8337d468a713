"""The mutations: each calls its PL/pgSQL function (db/migrations), which validates the input and either stores
it and returns the stored object, or refuses it naming each refused field, storing nothing."""

from typing import Any

import fraiseql
from fraiseql.auth import requires_auth
from fraiseql.types import ID
from graphql import GraphQLResolveInfo
from psycopg import sql
from psycopg.types.json import Jsonb

from library.types import (
    Author,
    Book,
    CreateAuthorError,
    CreateAuthorInput,
    CreateAuthorSuccess,
    CreateBookError,
    CreateBookInput,
    CreateBookSuccess,
    CreateLoanError,
    CreateLoanInput,
    CreateLoanSuccess,
    DeleteAuthorError,
    DeleteAuthorSuccess,
    DeleteBookError,
    DeleteBookSuccess,
    DeleteLoanError,
    DeleteLoanSuccess,
    FieldError,
    Loan,
    UpdateAuthorError,
    UpdateAuthorInput,
    UpdateAuthorSuccess,
    UpdateBookError,
    UpdateBookInput,
    UpdateBookSuccess,
    UpdateLoanError,
    UpdateLoanInput,
    UpdateLoanSuccess,
)


async def call(info: GraphQLResolveInfo, function: str, *args: Any) -> dict[str, Any]:
    """`select function(args)` in a transaction of its own; the function's JSONB answer."""
    placeholders = sql.SQL(", ").join([sql.Placeholder()] * len(args))
    query = sql.SQL("select {}({})").format(sql.Identifier(function), placeholders)
    params = [Jsonb(arg) if isinstance(arg, dict) else arg for arg in args]
    async with info.context["db"].get_pool().connection() as conn:
        cursor = await conn.execute(query, params)
        row = await cursor.fetchone()
    return row[0]


def field_errors(result: dict[str, Any]) -> list[FieldError]:
    return [FieldError(field=error["field"], message=error["message"]) for error in result["errors"]]


@fraiseql.mutation
@requires_auth
async def create_author(info: GraphQLResolveInfo, input: CreateAuthorInput) -> CreateAuthorSuccess | CreateAuthorError:
    result = await call(info, "create_author", input.to_dict())
    if result["status"] != "ok":
        return CreateAuthorError(message=result["message"], field_errors=field_errors(result))
    return CreateAuthorSuccess(author=Author.from_dict(result["entity"]))


@fraiseql.mutation
@requires_auth
async def update_author(
    info: GraphQLResolveInfo, id: ID, input: UpdateAuthorInput
) -> UpdateAuthorSuccess | UpdateAuthorError:
    result = await call(info, "update_author", str(id), input.to_dict())
    if result["status"] != "ok":
        return UpdateAuthorError(message=result["message"], field_errors=field_errors(result))
    return UpdateAuthorSuccess(author=Author.from_dict(result["entity"]))


@fraiseql.mutation
@requires_auth
async def delete_author(info: GraphQLResolveInfo, id: ID) -> DeleteAuthorSuccess | DeleteAuthorError:
    result = await call(info, "delete_author", str(id))
    if result["status"] != "ok":
        return DeleteAuthorError(message=result["message"], field_errors=field_errors(result))
    return DeleteAuthorSuccess(id=result["id"])


@fraiseql.mutation
@requires_auth
async def create_book(info: GraphQLResolveInfo, input: CreateBookInput) -> CreateBookSuccess | CreateBookError:
    result = await call(info, "create_book", input.to_dict())
    if result["status"] != "ok":
        return CreateBookError(message=result["message"], field_errors=field_errors(result))
    return CreateBookSuccess(book=Book.from_dict(result["entity"]))


@fraiseql.mutation
@requires_auth
async def update_book(info: GraphQLResolveInfo, id: ID, input: UpdateBookInput) -> UpdateBookSuccess | UpdateBookError:
    result = await call(info, "update_book", str(id), input.to_dict())
    if result["status"] != "ok":
        return UpdateBookError(message=result["message"], field_errors=field_errors(result))
    return UpdateBookSuccess(book=Book.from_dict(result["entity"]))


@fraiseql.mutation
@requires_auth
async def delete_book(info: GraphQLResolveInfo, id: ID) -> DeleteBookSuccess | DeleteBookError:
    result = await call(info, "delete_book", str(id))
    if result["status"] != "ok":
        return DeleteBookError(message=result["message"], field_errors=field_errors(result))
    return DeleteBookSuccess(id=result["id"])


@fraiseql.mutation
@requires_auth
async def create_loan(info: GraphQLResolveInfo, input: CreateLoanInput) -> CreateLoanSuccess | CreateLoanError:
    result = await call(info, "create_loan", input.to_dict())
    if result["status"] != "ok":
        return CreateLoanError(message=result["message"], field_errors=field_errors(result))
    return CreateLoanSuccess(loan=Loan.from_dict(result["entity"]))


@fraiseql.mutation
@requires_auth
async def update_loan(info: GraphQLResolveInfo, id: ID, input: UpdateLoanInput) -> UpdateLoanSuccess | UpdateLoanError:
    result = await call(info, "update_loan", str(id), input.to_dict())
    if result["status"] != "ok":
        return UpdateLoanError(message=result["message"], field_errors=field_errors(result))
    return UpdateLoanSuccess(loan=Loan.from_dict(result["entity"]))


@fraiseql.mutation
@requires_auth
async def delete_loan(info: GraphQLResolveInfo, id: ID) -> DeleteLoanSuccess | DeleteLoanError:
    result = await call(info, "delete_loan", str(id))
    if result["status"] != "ok":
        return DeleteLoanError(message=result["message"], field_errors=field_errors(result))
    return DeleteLoanSuccess(id=result["id"])

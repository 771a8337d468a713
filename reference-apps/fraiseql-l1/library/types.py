"""The GraphQL types: each object type reads its PostgreSQL view (`v_<entity>`, one JSONB object a row)."""

from datetime import date, datetime
from uuid import UUID

import fraiseql
from fraiseql import UNSET
from fraiseql.types import ID


@fraiseql.type
class FieldError:
    """A refused input field (its GraphQL name) and why it was refused."""

    field: str
    message: str


@fraiseql.type(sql_source="v_author", jsonb_column="data")
class Author:
    """Author, as the view v_author serves it."""

    id: ID
    name: str
    email: str | None
    website: str | None
    bio: str | None
    royalty_rate: float


@fraiseql.input
class CreateAuthorInput:
    """The fields of a author; a field left out takes its default."""

    name: str | None = UNSET
    email: str | None = UNSET
    website: str | None = UNSET
    bio: str | None = UNSET
    royalty_rate: float | None = UNSET


@fraiseql.success
class CreateAuthorSuccess:
    author: Author


@fraiseql.error
class CreateAuthorError:
    message: str
    field_errors: list[FieldError]


@fraiseql.input
class UpdateAuthorInput:
    """The fields of a author to change; a field left out keeps its value."""

    name: str | None = UNSET
    email: str | None = UNSET
    website: str | None = UNSET
    bio: str | None = UNSET
    royalty_rate: float | None = UNSET


@fraiseql.success
class UpdateAuthorSuccess:
    author: Author


@fraiseql.error
class UpdateAuthorError:
    message: str
    field_errors: list[FieldError]


@fraiseql.success
class DeleteAuthorSuccess:
    id: ID


@fraiseql.error
class DeleteAuthorError:
    message: str
    field_errors: list[FieldError]


@fraiseql.type(sql_source="v_book", jsonb_column="data")
class Book:
    """Book, as the view v_book serves it."""

    id: ID
    title: str
    author: "Author"
    status: str
    price: str | None
    rating: float | None
    pages: int | None
    published_on: date | None
    in_print: bool
    added_at: datetime
    updated_at: datetime
    sequel_to: "Book | None"
    format: str | None
    copies: int


@fraiseql.input
class CreateBookInput:
    """The fields of a book; a field left out takes its default."""

    title: str | None = UNSET
    author_id: ID | None = UNSET
    status: str | None = UNSET
    price: str | None = UNSET
    rating: float | None = UNSET
    pages: int | None = UNSET
    published_on: date | None = UNSET
    in_print: bool | None = UNSET
    sequel_to_id: ID | None = UNSET
    format: str | None = UNSET
    copies: int | None = UNSET


@fraiseql.success
class CreateBookSuccess:
    book: Book


@fraiseql.error
class CreateBookError:
    message: str
    field_errors: list[FieldError]


@fraiseql.input
class UpdateBookInput:
    """The fields of a book to change; a field left out keeps its value."""

    title: str | None = UNSET
    author_id: ID | None = UNSET
    status: str | None = UNSET
    price: str | None = UNSET
    rating: float | None = UNSET
    pages: int | None = UNSET
    published_on: date | None = UNSET
    in_print: bool | None = UNSET
    sequel_to_id: ID | None = UNSET
    format: str | None = UNSET
    copies: int | None = UNSET


@fraiseql.success
class UpdateBookSuccess:
    book: Book


@fraiseql.error
class UpdateBookError:
    message: str
    field_errors: list[FieldError]


@fraiseql.success
class DeleteBookSuccess:
    id: ID


@fraiseql.error
class DeleteBookError:
    message: str
    field_errors: list[FieldError]


@fraiseql.type(sql_source="v_loan", jsonb_column="data")
class Loan:
    """Loan, as the view v_loan serves it."""

    id: ID
    book: "Book"
    borrower: str
    due_on: date
    returned: bool
    copy_number: int
    returned_at: datetime | None
    fine: str
    ticket: UUID | None


@fraiseql.input
class CreateLoanInput:
    """The fields of a loan; a field left out takes its default."""

    book_id: ID | None = UNSET
    borrower: str | None = UNSET
    due_on: date | None = UNSET
    returned: bool | None = UNSET
    copy_number: int | None = UNSET
    returned_at: datetime | None = UNSET
    fine: str | None = UNSET
    ticket: UUID | None = UNSET


@fraiseql.success
class CreateLoanSuccess:
    loan: Loan


@fraiseql.error
class CreateLoanError:
    message: str
    field_errors: list[FieldError]


@fraiseql.input
class UpdateLoanInput:
    """The fields of a loan to change; a field left out keeps its value."""

    book_id: ID | None = UNSET
    borrower: str | None = UNSET
    due_on: date | None = UNSET
    returned: bool | None = UNSET
    copy_number: int | None = UNSET
    returned_at: datetime | None = UNSET
    fine: str | None = UNSET
    ticket: UUID | None = UNSET


@fraiseql.success
class UpdateLoanSuccess:
    loan: Loan


@fraiseql.error
class UpdateLoanError:
    message: str
    field_errors: list[FieldError]


@fraiseql.success
class DeleteLoanSuccess:
    id: ID


@fraiseql.error
class DeleteLoanError:
    message: str
    field_errors: list[FieldError]

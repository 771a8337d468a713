"""Valid sample objects of every entity: used by `manage.py seed`, the demo and the tests.

`<entity>_values()` returns form/API values (references as pks); `make_<entity>()` saves an object.
"""

import itertools
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import models

from .models import Author, Book, Loan

_sequence = itertools.count(1)


def _create(model: type[models.Model], values: dict[str, Any]) -> Any:
    """Save an object from form-style values (references given as pks)."""
    kwargs = {model._meta.get_field(name).attname: value for name, value in values.items()}
    obj = model._default_manager.create(**kwargs)
    obj.refresh_from_db()
    return obj


def author_values() -> dict[str, Any]:
    n = next(_sequence)
    return {
        "name": f"Name {n}"[:100],
        "email": f"user{n}@example.com",
        "website": f"https://example.com/website/{n}",
        "bio": f"Some bio text {n}",
        "royalty_rate": n + 0.5,
    }


def make_author(**overrides: Any) -> Author:
    return _create(Author, {**author_values(), **overrides})


def book_values() -> dict[str, Any]:
    n = next(_sequence)
    return {
        "title": f"Title {n}"[:200],
        "author": make_author().pk,
        "status": ["draft", "published", "archived"][n % 3],
        "price": str(Decimal(n % 100000000).scaleb(-2)),
        "rating": n + 0.5,
        "pages": n,
        "published_on": (date(2026, 1, 1) + timedelta(days=n)).isoformat(),
        "in_print": n % 2 == 1,
        "format": ["hardcover", "paperback", "ebook"][n % 3],
        "copies": n,
    }


def make_book(**overrides: Any) -> Book:
    return _create(Book, {**book_values(), **overrides})


def loan_values() -> dict[str, Any]:
    n = next(_sequence)
    return {
        "book": make_book().pk,
        "borrower": f"Borrower {n}"[:100],
        "due_on": (date(2026, 1, 1) + timedelta(days=n)).isoformat(),
        "returned": n % 2 == 1,
        "copy_number": n,
        "returned_at": (datetime(2026, 1, 1, 9, 30, tzinfo=UTC) + timedelta(minutes=n)).isoformat(),
        "fine": str(Decimal(n % 1000000).scaleb(-2)),
        "ticket": str(uuid.uuid4()),
    }


def make_loan(**overrides: Any) -> Loan:
    return _create(Loan, {**loan_values(), **overrides})


# Each model with its value and object factories, for code that handles every entity alike.
FACTORIES: dict[type[models.Model], tuple[Callable[[], dict[str, Any]], Callable[..., Any]]] = {
    Author: (author_values, make_author),
    Book: (book_values, make_book),
    Loan: (loan_values, make_loan),
}

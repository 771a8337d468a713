"""Sample data for development and demos (`python -m library seed --count N`), written through the same
SQL functions as the mutations, so it passes the same validation."""

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from library import settings


def sample_author(n: int, tag: str, ids: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "name": f"Author name {tag}-{n}"[:100],
        "email": f"author{n}-{tag}@example.com",
        "website": f"https://example.com/authors/{tag}-{n}",
        "bio": f"Notes on author {n}.",
        "royalty_rate": n / 4,
    }


def sample_book(n: int, tag: str, ids: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "title": f"Book title {tag}-{n}"[:200],
        "author_id": ids["Author"][n % len(ids["Author"])],
        "status": ["draft", "published", "archived"][n % 3],
        "price": f"{n % 10000}.55",
        "rating": n / 4,
        "pages": n,
        "published_on": (date.today() - timedelta(days=n)).isoformat(),
        "in_print": n % 2 == 0,
        "sequel_to_id": (ids.get("Book") or [None])[-1],
        "format": ["hardcover", "paperback", "ebook"][n % 3],
        "copies": n,
    }


def sample_loan(n: int, tag: str, ids: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "book_id": ids["Book"][n % len(ids["Book"])],
        "borrower": f"Loan borrower {tag}-{n}"[:100],
        "due_on": (date.today() - timedelta(days=n)).isoformat(),
        "returned": n % 2 == 0,
        "copy_number": n,
        "returned_at": (datetime.now(UTC) - timedelta(hours=n)).isoformat(),
        "fine": f"{n % 10000}.55",
        "ticket": str(uuid4()),
    }


# Entity -> (its SQL create function, its primary key, its sample), in the order their refs need.
SAMPLES = {
    "Author": ("create_author", "id", sample_author),
    "Book": ("create_book", "id", sample_book),
    "Loan": ("create_loan", "id", sample_loan),
}


def seed(count: int) -> None:
    """Create COUNT objects of each entity (refs pointing at the objects created before them)."""
    tag = secrets.token_hex(3)
    ids: dict[str, list[Any]] = {}
    with psycopg.connect(settings.DATABASE_URL) as conn:
        for name, (function, pk, sample) in SAMPLES.items():
            query = sql.SQL("select {}(%s)").format(sql.Identifier(function))
            for n in range(1, count + 1):
                (result,) = conn.execute(query, (Jsonb(sample(n, tag, ids)),)).fetchone()
                if result["status"] != "ok":
                    raise SystemExit(f"{name} {n} was refused: {result['errors']}")
                ids.setdefault(name, []).append(result["entity"][pk])
    print(f"Created {count} of each: {', '.join(SAMPLES)}.")

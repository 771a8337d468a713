"""Throwaway databases on the machine's PostgreSQL (127.0.0.1:5432, trust auth), for smoke and fault tests."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = os.environ.get("PGPORT", "5432")
PG_USER = os.environ.get("PGUSER", "postgres")


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        capture_output=True,
        text=True,
    )


def postgres_reason() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it answers."""
    try:
        _psql("SELECT 1")
    except FileNotFoundError:
        return "psql is not installed (apt-get install postgresql-client)"
    except subprocess.CalledProcessError as error:
        return f"PostgreSQL on {PG_HOST}:{PG_PORT} does not answer: {error.stderr.strip()}"
    return None


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new, empty database for one run; yields its URL and drops it afterwards."""
    name = f"{prefix}_{secrets.token_hex(4)}".replace("-", "_")
    _psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database_for_level(level: int, workdir: Path, prefix: str = "smoke") -> Iterator[str]:
    """Level 0 runs on SQLite (a file in workdir); from level 1 up, a scratch PostgreSQL database."""
    if level == 0:
        yield f"sqlite:///{workdir / f'{prefix}.sqlite3'}"
        return
    reason = postgres_reason()
    if reason:
        raise RuntimeError(f"level {level} needs PostgreSQL: {reason}")
    with scratch_database(f"{prefix}_l{level}") as url:
        yield url

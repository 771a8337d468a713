"""A number that changes whenever the data does, on SQLite: what a visitor's cached list page is keyed by.

Reading it costs one `PRAGMA data_version` on a connection of its own, not the page's queries, so a visitor's
page cached under it is answered without touching the tables (crud.ListView). Two things make it up:

- SQLite's data_version, read on this process's own read-only connection to the database file: it changes
  when any other connection commits, whether it is one of this process's request threads, another process
  (another gunicorn worker, `manage.py seed`) or the sqlite3 shell;
- a count of the writes made through the ORM in this process (post_save, post_delete, m2m_changed), which
  moves at once, before their transaction commits (a test's transaction never does).

A page rendered from data read before a write is stored under the number read before its queries, which the
write has since changed: it is never served. PostgreSQL has no such number to read for free (it would take
LISTEN/NOTIFY on a connection of its own), so there `generation()` answers None and pages are keyed by their
rows instead.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

_orm_writes = 0


def _count_write(**kwargs: Any) -> None:
    # Two threads may both add one to the same value: the count still moves, which is all that is read.
    global _orm_writes
    _orm_writes += 1


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(_count_write, dispatch_uid=f"data-generation-{id(_signal)}")


class DataVersion:
    """SQLite's data_version on a read-only connection of its own to the database file at `path`."""

    def __init__(self, path: str) -> None:
        uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
        self._connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()  # request threads share the connection

    def read(self) -> int:
        with self._lock:
            return int(self._connection.execute("PRAGMA data_version").fetchone()[0])


@functools.cache
def _data_version(path: str) -> DataVersion:
    return DataVersion(path)


def generation() -> tuple[int, int] | None:
    """The data's generation now, or None where there is none to read (PostgreSQL, an unreadable file)."""
    if connection.vendor != "sqlite":
        return None
    if connection.is_in_memory_db():  # the tests' database: only this process can write to it
        return (0, _orm_writes)
    try:
        return (_data_version(str(connection.settings_dict["NAME"])).read(), _orm_writes)
    except sqlite3.Error:
        return None

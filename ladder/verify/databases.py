"""Throwaway databases for smoke and fault tests, on the PostgreSQL server DATABASE_URL names.

DATABASE_URL names a server and a database to connect to for creating others (a CI service container gives
`postgres://postgres@localhost:5432/postgres`, say); without it, the machine's own server on 127.0.0.1:5432 with
trust auth (PGHOST, PGPORT and PGUSER may say otherwise). Each run creates a database of its own there and
drops it afterwards, so runs sharing a server do not meet.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit


def server_url() -> str:
    """The URL of the database to connect to for creating and dropping the scratch databases."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        return given
    host, port = os.environ.get("PGHOST", "127.0.0.1"), os.environ.get("PGPORT", "5432")
    return f"postgres://{os.environ.get('PGUSER', 'postgres')}@{host}:{port}/postgres"


def _where(url: str) -> str:
    """host:port of a URL, for messages (never its password)."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5432}"


# Seconds a psql command may take (creating a database waits for the server's checkpoint).
PSQL_TIMEOUT = 60


def psql(database_url: str, sql: str, **variables: str) -> str:
    """Run `sql` with psql on a database and return what it printed (unaligned, tuples only). The SQL is read from
    stdin, so that psql quotes each `:'variable'` given as a keyword argument."""
    command = ["psql", "-d", database_url, "-v", "ON_ERROR_STOP=1", "-qAt"]
    command += [f"--set={name}={value}" for name, value in variables.items()]
    done = subprocess.run(command, input=sql, capture_output=True, text=True, check=True, timeout=PSQL_TIMEOUT)
    return done.stdout.strip()


def postgres_reason() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it answers."""
    try:
        psql(server_url(), "SELECT 1")
    except FileNotFoundError:
        return "psql is not installed (apt-get install postgresql-client)"
    except subprocess.CalledProcessError as error:
        return f"PostgreSQL on {_where(server_url())} does not answer: {error.stderr.strip()}"
    return None


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new, empty database for one run on the server of server_url(); yields its URL and drops it afterwards."""
    name = f"{prefix}_{secrets.token_hex(4)}".replace("-", "_")
    psql(server_url(), f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server_url())._replace(path=f"/{name}").geturl()
    finally:
        psql(server_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb into a temp dir, trust auth, a free loopback port).

    A fault test may stop and start it without disturbing the machine's shared server. PostgreSQL refuses to
    run as root, so as root its commands run as the `postgres` system user.
    """

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.data, self.sockets, self.log = root / "data", root / "sockets", root / "postgres.log"
        self.url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        self.bin = _postgres_bin()

    def _run(self, *command: str) -> None:
        user = "postgres" if os.geteuid() == 0 else None
        result = subprocess.run(command, capture_output=True, text=True, user=user, timeout=120, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stdout}{result.stderr}")

    def create(self) -> None:
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            self.root.chmod(0o755)
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sockets, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    return found[-1].parent


def private_postgres_reason() -> str | None:
    try:
        _postgres_bin()
    except RuntimeError as error:
        return str(error)
    return None


@contextmanager
def private_postgres(port: int) -> Iterator[PrivatePostgres]:
    """A private cluster in a temp dir of its own, running until the block ends; then stopped and deleted."""
    with tempfile.TemporaryDirectory(prefix="private-postgres-") as root:
        cluster = PrivatePostgres(Path(root), port)
        cluster.create()
        cluster.start()
        try:
            yield cluster
        finally:
            with suppress(RuntimeError):
                cluster.stop()

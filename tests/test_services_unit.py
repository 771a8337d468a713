"""Where the smoke finds its services: DATABASE_URL and REDIS_URL when given (as CI service containers give
them), a local server otherwise; and what the docker mode hands a stack. Real PostgreSQL and Redis where they
answer, skipped with the reason where they do not."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from ladder.machine import images
from ladder.verify import databases, workers
from ladder.verify.containers import ADMIN_COMMANDS, compose_env
from ladder.verify.report import ADMIN_USER

LOCAL_REDIS = "redis://127.0.0.1:6379/0"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def _redis_reason() -> str | None:
    try:
        redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"no Redis on 127.0.0.1:6379: {error}"
    return None


def test_the_database_server_is_the_one_database_url_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://ci:secret@db.example:6543/postgres")
    assert databases.server_url() == "postgres://ci:secret@db.example:6543/postgres"


def test_without_database_url_the_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "PGHOST", "PGPORT", "PGUSER"):
        monkeypatch.delenv(name, raising=False)
    assert databases.server_url() == LOCAL_POSTGRES
    monkeypatch.setenv("DATABASE_URL", "sqlite:///somewhere.sqlite3")  # an app's URL, not a server's
    assert databases.server_url() == LOCAL_POSTGRES


def test_a_scratch_database_is_made_and_dropped_on_that_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", LOCAL_POSTGRES)
    reason = databases.postgres_reason()
    if reason:
        pytest.skip(reason)
    with databases.scratch_database("unit") as url:
        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        assert (parts.hostname, parts.port, parts.username) == ("127.0.0.1", 5432, "postgres")
        assert name.startswith("unit_")
        assert _database_exists(name)
    assert not _database_exists(name)


def _database_exists(name: str) -> bool:
    # psql quotes the name itself (:'name'), from a script on standard input, where its variables apply.
    sql = "SELECT count(*) FROM pg_database WHERE datname = :'name'"
    command = ["psql", "-d", LOCAL_POSTGRES, "-tA", "-v", f"name={name}"]
    result = subprocess.run(command, input=sql, capture_output=True, text=True, check=True)
    return result.stdout.strip() == "1"


def test_a_given_redis_lends_an_empty_database_and_is_not_ours_to_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    reason = _redis_reason()
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("REDIS_URL", LOCAL_REDIS)
    with workers.redis_for_run() as first, workers.redis_for_run() as second:
        assert isinstance(first, workers.GivenRedis) and isinstance(second, workers.GivenRedis)
        assert urlsplit(first.url).path not in ("/0", urlsplit(second.url).path)
        assert "REDIS_URL" in first.stop_reason
        with pytest.raises(RuntimeError, match="not ours to stop"):
            first.stop()
        client = redis.Redis.from_url(first.url)
        client.set("unit", "1")
    assert client.dbsize() == 0  # emptied for the next run


def test_without_redis_url_or_redis_server_the_reason_is_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert "redis-server is not installed" in str(workers.redis_reason())
    with pytest.raises(RuntimeError, match="REDIS_URL is not set"), workers.redis_for_run():
        pass


def test_the_docker_stack_binds_where_its_image_says_and_gets_each_tracks_admin() -> None:
    env = compose_env(18000)
    # HOSTNAME=127.0.0.1 would make Next.js listen on the container's own loopback, out of the port's reach.
    assert not {"HOST", "HOSTNAME", "DATABASE_URL"} & set(env)
    assert env["WEB_PORT"] == "18000" and env["POSTGRES_PASSWORD"]
    assert env["ADMIN_USERNAME"] == env["DJANGO_SUPERUSER_USERNAME"] == ADMIN_USER
    assert ADMIN_COMMANDS == {
        "django": "python manage.py createsuperuser --noinput",
        "js": "npm run createadmin",
        "fraiseql": "python -m {slug} createadmin",
    }


def test_the_smoke_only_reads_whether_podman_is_ready(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing is installed or written by the check the smoke makes: that is `images prepare`'s job."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("podman_reason() changed the machine")

    monkeypatch.setattr(images, "_apt_install", forbidden)
    monkeypatch.setattr(images, "_write_containers_conf", forbidden)
    monkeypatch.setenv("PATH", str(tmp_path))
    reason = images.podman_reason()
    assert reason
    assert "root" in reason or ("not installed" in reason and "images prepare" in reason)

"""Level 2 smoke: background jobs through a real Celery worker, and the two fault tests.

- round trip: an export and an import started from the pages, run by the worker, followed to the end;
- worker SIGKILL: a worker killed in the middle of an import; a new worker finishes it, exactly once in effect;
- Redis outage: /health/ready/ answers 503 naming the failing checks while pages that need no Redis keep
  serving, and everything recovers when Redis returns, without restarting anything.

The app gets a Redis of its own: a database of its own on the server REDIS_URL names when it is set (the outage
check is then skipped: that server is not ours to stop), else a redis-server on a free loopback port, which the
outage check may stop without disturbing anything else.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import redis
import requests

from ladder.verify.contract import ValueFactory, build_payload, parse_forms, submit_form
from ladder.verify.databases import psql
from ladder.verify.processes import free_port, read_procfile, stop
from ladder.verify.report import ADMIN_PASSWORD, ADMIN_USER, Report

ROWS_TO_IMPORT = 120  # slowed to SLOW_INSERT_SECONDS a row, about 6 s: long enough to kill the worker midway
SLOW_INSERT_SECONDS = 0.05
TIMEOUT = 10
SHUTDOWN_GRACE = 30.0  # docker's and most platforms' time between SIGTERM and SIGKILL


class PrivateRedis:
    """A throwaway redis-server on a free loopback port, which a fault test may stop and start again."""

    stop_reason = ""  # ours to stop

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class GivenRedis:
    """The Redis server that REDIS_URL names (a CI service container, say), shared with other runs.

    A run gets a database number of its own, one holding no key, and empties it afterwards. Whoever runs the
    server stops it, not us: `stop_reason` says so, and the checks that need an outage are skipped with it.
    """

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.stop_reason = f"Redis is given by REDIS_URL ({_redacted(server_url)}); it is not ours to stop"
        self.url = server_url
        self._client: redis.Redis | None = None

    def start(self) -> None:
        """Claim an empty database of the server: the lowest-numbered one holding no key, other than 0."""
        base = urlsplit(self.server_url)
        for number in range(1, _database_count(self.server_url)):
            client = redis.Redis.from_url(base._replace(path=f"/{number}").geturl())
            # Claimed with SET NX: of two runs starting side by side, one gets the database, the other looks on.
            if client.dbsize() == 0 and client.set("stack-ladder:claimed", "1", nx=True):
                self._client, self.url = client, base._replace(path=f"/{number}").geturl()
                return
        raise RuntimeError(f"every database of the Redis at {_redacted(self.server_url)} holds keys")

    def stop(self) -> None:
        raise RuntimeError(self.stop_reason)

    def release(self) -> None:
        if self._client is not None:
            self._client.flushdb()


def _database_count(url: str) -> int:
    try:
        return int(str(redis.Redis.from_url(url).config_get("databases").get("databases", 16)))
    except redis.ResponseError:  # CONFIG may be disabled on a managed server: Redis's default count
        return 16


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{parts.hostname}:{parts.port or 6379}").geturl()


Redis = PrivateRedis | GivenRedis


def level_two_env(redis: Redis) -> dict[str, str]:
    """What a level-2 app needs for the smoke run: its own Redis, and a worker whose lost job comes back soon.

    A task whose worker was killed is handed out again after CELERY_VISIBILITY_TIMEOUT seconds (Celery) or
    once its lock of JOB_LOCK_SECONDS has expired (BullMQ). Imports commit every JOB_IMPORT_CHUNK_SIZE rows, so
    a kill lands between two checkpoints (the smoke slows the rows down itself: `slowed_inserts`).
    """
    return {
        "REDIS_URL": redis.url,
        "JOB_IMPORT_CHUNK_SIZE": "25",
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "JOB_LOCK_SECONDS": "5",
    }


def redis_reason() -> str | None:
    """Why no Redis can be had for a run, or None: REDIS_URL names one, else redis-server starts one."""
    if os.environ.get("REDIS_URL"):
        return None
    if shutil.which("redis-server") is None:
        return "REDIS_URL is not set and redis-server is not installed (apt-get install redis-server)"
    return None


@contextmanager
def redis_for_run() -> Iterator[Redis]:
    """The Redis of one run: a database of its own on the server REDIS_URL names, or else a redis-server of
    its own on a free loopback port."""
    given = os.environ.get("REDIS_URL")
    if given:
        shared = GivenRedis(given)
        shared.start()
        try:
            yield shared
        finally:
            shared.release()
        return
    reason = redis_reason()
    if reason:
        raise RuntimeError(reason)
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _wait_for_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


class Browser:
    """A signed-in session that submits the app's forms as a browser does (CSRF token included)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def submit(self, path: str, data: dict[str, str], files: dict[str, Any] | None = None) -> requests.Response:
        page = self.session.get(self.url(path), timeout=TIMEOUT)
        # The form that has the inputs we fill in: a page has others too (the navigation bar's "Log out").
        wanted = set(data) | set(files or {})
        form = next((f for f in parse_forms(page.text) if f.method == "post" and wanted <= f.names()), None)
        if form is None:
            raise RuntimeError(f"no POST form with inputs {sorted(wanted)} on {path} (status {page.status_code})")
        return submit_form(self.session, page, form, data, files)

    def log_in(self) -> None:
        response = self.submit("/accounts/login/", {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
        if response.status_code not in (302, 303):
            raise RuntimeError(f"login answered {response.status_code}")

    def press(self, page_path: str, action: str) -> requests.Response:
        """Press the button that posts to `action`: a POST form of `page_path` whose action is `action`, or, where
        `page_path` links to `action` instead, the POST form of the page there (which posts to its own URL)."""
        page = self.session.get(self.url(page_path), timeout=TIMEOUT)
        target = urljoin(page.url, action).rstrip("?")
        posting = [f for f in parse_forms(page.text) if f.method == "post"]
        form = next((f for f in posting if f.target(page.url).rstrip("?") == target), None)
        if form is None and f'href="{action}' in page.text:
            page = self.session.get(target, timeout=TIMEOUT)
            form = next(
                (f for f in parse_forms(page.text) if f.method == "post" and f.target(page.url).startswith(target)),
                None,
            )
        if form is None:
            raise RuntimeError(f"no POST form to {action} on {page_path} (status {page.status_code})")
        return submit_form(self.session, page, form, {})

    def start_job(self, path: str, files: dict[str, Any] | None = None, page: str = "") -> str:
        """Submit a job form: an upload form at `path`, or the button on `page` that posts to `path` (the list
        page's export). Returns the job page's path."""
        response = self.submit(path, {}, files) if files is not None else self.press(page, path)
        if response.status_code not in (302, 303):
            raise RuntimeError(f"POST {path} answered {response.status_code}: {response.text[:300]}")
        return str(response.headers["Location"])

    def status(self, job_path: str) -> dict[str, Any]:
        response = self.session.get(self.url(job_path.rstrip("/") + "/status.json"), timeout=TIMEOUT)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def wait(
        self, job_path: str, timeout: float = 120, until: Callable[[dict[str, Any]], bool] | None = None
    ) -> dict[str, Any]:
        done = until or (lambda s: s["status"] in ("done", "failed"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.status(job_path)
            if done(state):
                return state
            time.sleep(0.3)
        raise RuntimeError(f"{job_path} still {self.status(job_path)} after {timeout:.0f} s")


def count(base_url: str, plural: str) -> int:
    response = requests.get(f"{base_url}/api/{plural}/", timeout=TIMEOUT)
    response.raise_for_status()
    total: int = response.json()["count"]
    return total


def import_csv(entity: dict[str, Any], rows: int, refs: dict[str, Any]) -> bytes:
    """A CSV of `rows` new, valid objects in the export's format (no pk column: the app assigns it)."""
    factory = ValueFactory()
    payloads = [build_payload(entity, factory, refs) for _ in range(rows)]
    names = list(payloads[0])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    for payload in payloads:
        writer.writerow([_csv_text(payload[name]) for name in names])
    return out.getvalue().encode()


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Restartable(Protocol):
    """A worker or beat that a fault test may kill and start again: a host process, or a container."""

    def start(self) -> None: ...

    def kill(self) -> None: ...

    def terminate(self, grace: float) -> int | None: ...

    def stop(self) -> None: ...


class Process:
    """One Procfile process that a fault test may kill and start again."""

    def __init__(self, command: str, cwd: Path, env: dict[str, str], log: Path) -> None:
        self.command, self.cwd, self.env, self.log = command, cwd, env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                ["bash", "-c", f"exec {self.command}"],
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the whole process group: the worker and its pool children die mid-task."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def terminate(self, grace: float) -> int | None:
        """SIGTERM to the process itself, as `docker stop` sends it; its exit status, or None if still running."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(grace)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@contextmanager
def procfile_processes(
    project: Path, env: dict[str, str], workdir: Path, names: tuple[str, ...] = ("worker", "beat")
) -> Iterator[dict[str, Process]]:
    """The Procfile's processes `names` (by default `worker`, and `beat` where the project has it), running until
    the block ends."""
    lines = read_procfile(project)
    running: dict[str, Process] = {
        name: Process(lines[name], project, env, workdir / f"{name}.log") for name in names if name in lines
    }
    for process in running.values():
        process.start()
    try:
        yield running
    finally:
        for process in running.values():
            process.stop()


@contextmanager
def slowed_inserts(database_url: str, entity: dict[str, Any]) -> Iterator[str]:
    """Make every row stored in the entity's table take SLOW_INSERT_SECONDS, so that a worker can be killed in
    the middle of an import: a trigger of the test's own, in the scratch database, dropped afterwards. The app
    carries no knob for this. Yields the table's name (Django prefixes it with the app label; Drizzle does not)."""
    table = psql(
        database_url,
        "select table_name from information_schema.tables where table_schema = 'public' "
        "and (table_name = :'snake' or table_name like '%\\_' || :'snake') order by length(table_name) limit 1;",
        snake=entity["snake"],
    )
    if not table:
        raise AssertionError(f"no table for entity {entity['name']} in the app's database")
    psql(
        database_url,
        "create or replace function smoke_slow_insert() returns trigger language plpgsql as "
        f"$$ begin perform pg_sleep({SLOW_INSERT_SECONDS}); return new; end $$; "
        'create trigger smoke_slow_insert before insert on :"table" '
        "for each row execute function smoke_slow_insert();",
        table=table,
    )
    try:
        yield table
    finally:
        psql(database_url, 'drop trigger if exists smoke_slow_insert on :"table";', table=table)


def job_entity(model: dict[str, Any]) -> dict[str, Any]:
    """The entity the job checks export and import: one whose rows need no other row."""
    return next(e for e in model["entities"] if not any(f["kind"] == "ref" and f["required"] for f in e["fields"]))


def level_two_checks(
    report: Report,
    base_url: str,
    model: dict[str, Any],
    running: Mapping[str, Restartable],
    redis: Redis,
    database_url: str,
    image: bool = False,
) -> None:
    """The jobs through the running worker: an import and an export, a worker stopped mid-import, and natively
    a worker killed mid-import and a Redis outage too.

    `image` (the container modes) leaves out the kill and the outage: they exercise the app's own code, which
    the native mode has run, while what a container adds to the jobs (the worker is the container's main
    process and gets the platform's SIGTERM; web and worker share the media volume) the others check.
    """
    entity = job_entity(model)
    browser = Browser(base_url)
    browser.log_in()
    checks: list[tuple[str, Callable[[], str]]] = [
        ("ready names cache and broker", lambda: _ready_names_redis(base_url)),
        *job_guarantee_checks(browser, base_url, entity, running["worker"], database_url, kill=not image),
        ("export through the worker", lambda: _export_round_trip(browser, base_url, entity)),
    ]
    run_checks(report, checks)
    if image:
        return
    if redis.stop_reason:
        report.skip("Redis outage and recovery", redis.stop_reason)
    else:
        run_checks(report, [("Redis outage and recovery", lambda: _redis_outage(browser, base_url, entity, redis))])


def job_guarantee_checks(
    browser: Browser,
    base_url: str,
    entity: dict[str, Any],
    worker: Restartable,
    database_url: str,
    suffix: str = "",
    kill: bool = True,
) -> list[tuple[str, Callable[[], str]]]:
    """An import through the worker, then a worker killed (SIGKILL, unless `kill` is false) and one stopped
    (SIGTERM) mid-import: every row stored exactly once. `suffix` names the variant in the check names."""

    def slowed(check: Callable[[], str]) -> Callable[[], str]:
        def run() -> str:
            with slowed_inserts(database_url, entity):
                return check()

        return run

    killed = (f"worker SIGKILL mid-import{suffix}", slowed(lambda: _worker_killed(browser, base_url, entity, worker)))
    return [
        (f"import through the worker{suffix}", lambda: _import_round_trip(browser, base_url, entity, 20)),
        *([killed] if kill else []),
        (f"worker SIGTERM mid-import{suffix}", slowed(lambda: _worker_stopped(browser, base_url, entity, worker))),
    ]


def run_checks(report: Report, checks: list[tuple[str, Callable[[], str]]]) -> None:
    """Each check recorded with what it returned, or failed with its exception; none stops the others."""
    for name, check in checks:
        try:
            report.add(name, True, check())
        except Exception as error:  # noqa: BLE001 - a failed check is reported, the next one still runs
            report.add(name, False, f"{type(error).__name__}: {error}")


def _ready_names_redis(base_url: str) -> str:
    checks = requests.get(f"{base_url}/health/ready/", timeout=TIMEOUT).json()["checks"]
    if checks.get("cache") != "ok" or checks.get("broker") != "ok":
        raise AssertionError(f"checks: {checks}")
    return f"checks: {checks}"


def _export_round_trip(browser: Browser, base_url: str, entity: dict[str, Any]) -> str:
    job = browser.start_job(f"/jobs/export/{entity['snake']}/", page=f"/{entity['plural']}/")
    state = browser.wait(job)
    if state["status"] != "done":
        raise AssertionError(f"export ended {state}")
    background_csv = browser.session.get(browser.url(job.rstrip("/") + "/download/"), timeout=TIMEOUT).text
    direct_csv = requests.get(f"{base_url}/{entity['plural']}/export.csv", timeout=TIMEOUT).text
    if background_csv.splitlines() != direct_csv.splitlines():
        raise AssertionError("the background export differs from /export.csv")
    return f"{len(direct_csv.splitlines()) - 1} rows, identical to /{entity['plural']}/export.csv"


def _import_round_trip(browser: Browser, base_url: str, entity: dict[str, Any], rows: int) -> str:
    before = count(base_url, entity["plural"])
    upload = {"file": ("rows.csv", import_csv(entity, rows, {}), "text/csv")}
    state = browser.wait(browser.start_job(f"/jobs/import/{entity['snake']}/", files=upload))
    after = count(base_url, entity["plural"])
    if state["status"] != "done" or after != before + rows:
        raise AssertionError(f"import ended {state}; {before} -> {after} rows, expected +{rows}")
    return f"{rows} rows imported ({before} -> {after})"


def _worker_killed(browser: Browser, base_url: str, entity: dict[str, Any], worker: Restartable) -> str:
    """Kill the worker once the import is under way; a new worker must finish it with no row lost or doubled."""
    before = count(base_url, entity["plural"])
    upload = {"file": ("rows.csv", import_csv(entity, ROWS_TO_IMPORT, {}), "text/csv")}
    job = browser.start_job(f"/jobs/import/{entity['snake']}/", files=upload)
    browser.wait(job, until=lambda s: 0 < s["processed"] < ROWS_TO_IMPORT)
    worker.kill()
    killed_at = browser.status(job)["processed"]
    worker.start()
    state = browser.wait(job, timeout=180)
    after = count(base_url, entity["plural"])
    if state["status"] != "done" or after != before + ROWS_TO_IMPORT:
        raise AssertionError(
            f"after the kill at row {killed_at}: {state}; {before} -> {after}, expected +{ROWS_TO_IMPORT}"
        )
    return (
        f"killed at row {killed_at} of {ROWS_TO_IMPORT}; a new worker finished: +{after - before} rows, exactly once"
    )


def _worker_stopped(browser: Browser, base_url: str, entity: dict[str, Any], worker: Restartable) -> str:
    """SIGTERM once an import is under way (a deploy): the worker finishes or hands back the job and exits by
    itself within the usual 30 s grace period; a new worker then sees the import through, every row once."""
    before = count(base_url, entity["plural"])
    upload = {"file": ("rows.csv", import_csv(entity, ROWS_TO_IMPORT, {}), "text/csv")}
    job = browser.start_job(f"/jobs/import/{entity['snake']}/", files=upload)
    browser.wait(job, until=lambda s: 0 < s["processed"] < ROWS_TO_IMPORT)
    started = time.monotonic()
    status = worker.terminate(SHUTDOWN_GRACE)
    seconds = time.monotonic() - started
    if status is None:
        worker.kill()
        raise AssertionError(f"the worker was still running {SHUTDOWN_GRACE:.0f} s after SIGTERM (killed)")
    if status != 0:
        raise AssertionError(f"the worker exited with status {status} after SIGTERM")
    left = browser.status(job)
    worker.start()
    state = browser.wait(job, timeout=180)
    after = count(base_url, entity["plural"])
    if state["status"] != "done" or after != before + ROWS_TO_IMPORT:
        raise AssertionError(f"after SIGTERM: {state}; {before} -> {after}, expected +{ROWS_TO_IMPORT}")
    outcome = "finished the job" if left["status"] == "done" else f"handed the job back at row {left['processed']}"
    return f"exited 0 in {seconds:.1f} s and {outcome}; +{after - before} rows, exactly once"


def _redis_outage(browser: Browser, base_url: str, entity: dict[str, Any], redis: Redis) -> str:
    redis.stop()
    try:
        ready = requests.get(f"{base_url}/health/ready/", timeout=TIMEOUT)
        failing = sorted(name for name, state in ready.json()["checks"].items() if state != "ok")
        if ready.status_code != 503 or not {"cache", "broker"} <= set(failing):
            raise AssertionError(f"/health/ready/ during the outage: {ready.status_code} {ready.text}")
        for path in (f"/{entity['plural']}/", f"/api/{entity['plural']}/", "/"):
            status = browser.session.get(browser.url(path), timeout=TIMEOUT).status_code
            if status != 200:
                raise AssertionError(f"{path} answered {status} while Redis was down")
    finally:
        redis.start()
    deadline = time.monotonic() + 60
    while requests.get(f"{base_url}/health/ready/", timeout=TIMEOUT).status_code != 200:
        if time.monotonic() > deadline:
            raise AssertionError("/health/ready/ did not recover within 60 s of Redis returning")
        time.sleep(0.5)
    export = f"/jobs/export/{entity['snake']}/"
    recovered = browser.wait(browser.start_job(export, page=f"/{entity['plural']}/"), timeout=120)
    if recovered["status"] != "done":
        raise AssertionError(f"a job after the outage ended {recovered}")
    return f"503 naming {failing} while down, pages served; after Redis returned: ready 200 and a job ran, no restart"

"""Fault tests of every reference app, both tracks: correctness under failure, not timings.

    python -m ladder.measure.faults [RUNG ...] [--examples 25]

- PostgreSQL restart (rungs with PostgreSQL, level 1 up): under a steady load of 30 s, the app's own private
  cluster is stopped and started again. While it is down /health/ready/ answers 503 and pages that need the
  database answer 503 too (an outage, not a bug: never 500); no request hangs past the client's timeout; once
  it is back the app recovers by itself (no restart) and answers no 5xx at all.
- Worker SIGKILL (a web with worker processes: gunicorn, and the JavaScript rungs' `node dist/src/cluster.js` from
  level 1): one worker is killed under load; the master replaces it and the server keeps serving, with no
  failure once the requests that the dead worker held are counted out. A web of one process (express-l0's
  `node dist/src/server.js`, django-l0's runserver) has no workers: printed as SKIP with that reason, never as a pass.
- Input robustness (every rung): schemathesis-generated requests against the app's OpenAPI schema
  (/api/schema/): no 5xx on any input, and nothing stored from a refused request (ladder/measure/fuzz.py).

The app runs against a PostgreSQL cluster of its own (ladder.verify.databases.private_postgres), so that stopping it
disturbs nobody else's tests; level 0 runs on SQLite. Exit status 1 when any property fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import requests

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.build.spec import model_of_project
from ladder.measure.load import Outcome, children, steady_load
from ladder.verify import node
from ladder.verify.databases import private_postgres, private_postgres_reason
from ladder.verify.processes import background, free_port, read_procfile, run, wait_for_http
from ladder.verify.report import ADMIN_PASSWORD, ADMIN_USER, Report, tail
from ladder.verify.smoke import django_env
from ladder.verify.workers import redis_for_run

TIMEOUT = 10.0  # the clients' timeout: a request that takes this long counts as hung
LOAD_SECONDS = 30
SEED_ROWS = 50


@contextmanager
def database(level: int, workdir: Path) -> Iterator[tuple[str, Any]]:
    """(DATABASE_URL, the private cluster or None): SQLite on level 0, a private PostgreSQL above."""
    if level == 0:
        yield f"sqlite:///{workdir / 'faults.sqlite3'}", None
        return
    with private_postgres(free_port()) as cluster:
        yield cluster.url, cluster


def pages(model: dict[str, Any], base_url: str) -> list[str]:
    """What the load asks for: each entity's list page, API list and one object's API detail."""
    paths = []
    for entity in model["entities"]:
        plural = entity["plural"]
        first = requests.get(f"{base_url}/api/{plural}/", timeout=TIMEOUT).json()["results"]
        paths += [f"/{plural}/", f"/api/{plural}/"]
        if first:
            pk = (entity.get("pk") or {}).get("name") or "id"
            paths.append(f"/api/{plural}/{first[0][pk]}/")
    return paths


def _counts(outcomes: list[Outcome]) -> str:
    failed = sum(not o.ok for o in outcomes)
    server_errors = sum(o.status >= 500 for o in outcomes)
    return (
        f"{len(outcomes)} sent, {failed} failed ({server_errors} 5xx, {sum(not o.status for o in outcomes)} no answer)"
    )


# --------------------------------------------------------------------------- PostgreSQL restart


def _ready_statuses(base_url: str, seconds: float) -> list[int]:
    statuses, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            statuses.append(requests.get(f"{base_url}/health/ready/", timeout=TIMEOUT).status_code)
        except requests.RequestException:
            statuses.append(0)
        time.sleep(0.25)
    return statuses


def _wait_ready(base_url: str, timeout: float = 60) -> float:
    """The monotonic time at which /health/ready/ answered 200 again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base_url}/health/ready/", timeout=TIMEOUT).status_code == 200:
                return time.monotonic()
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"/health/ready/ did not answer 200 within {timeout:.0f} s of PostgreSQL returning")


def postgres_restart(report: Report, base_url: str, paths: list[str], cluster: Any) -> None:
    started = time.monotonic()
    with steady_load(base_url, paths, LOAD_SECONDS + 30, timeout=TIMEOUT) as load:
        time.sleep(5)
        down_at = time.monotonic()
        cluster.stop()
        while_down = _ready_statuses(base_url, 5)
        cluster.start()
        up_at = time.monotonic()
        recovered_at = _wait_ready(base_url)
        time.sleep(max(5.0, LOAD_SECONDS - (time.monotonic() - started)))
    outcomes = load.outcomes
    before = [o for o in outcomes if o.started + o.seconds < down_at]
    after = [o for o in outcomes if o.started >= recovered_at]
    slowest = max(o.seconds for o in outcomes)
    report.add("ready 503 while PostgreSQL is down", bool(while_down) and set(while_down) == {503}, f"{while_down}")
    during = [o for o in outcomes if o.started + o.seconds >= down_at and o.started < recovered_at]
    pages_down = dict(Counter(o.status for o in during if not o.ok))
    report.add(
        "pages answer 503, never 500, while it is down", 500 not in pages_down, f"failures by status: {pages_down}"
    )
    report.add(
        "no request hangs past its timeout", slowest < TIMEOUT, f"slowest {slowest:.2f} s (timeout {TIMEOUT:.0f})"
    )
    report.add("no failure before the outage", all(o.ok for o in before), _counts(before))
    report.add(
        "recovered without a restart, zero 5xx after",
        bool(after) and all(o.ok for o in after),
        f"ready 200 {recovered_at - up_at:.1f} s after PostgreSQL returned; after that {_counts(after)}",
    )
    print(
        f"  PostgreSQL restart: {_counts(outcomes)}; down {up_at - down_at:.1f} s; "
        f"{len(after)} requests after recovery, {sum(not o.ok for o in after)} failed",
        flush=True,
    )


# --------------------------------------------------------------------------- worker SIGKILL


def _kill_a_worker(master: int, attempts: int = 5) -> int:
    """SIGKILL the newest worker of `master`; its pid. gunicorn recycles workers (max_requests), so the one
    chosen may have exited just before the signal: then another is chosen."""
    for _ in range(attempts):
        workers = children(master)
        if workers:
            try:
                os.kill(workers[-1], signal.SIGKILL)
                return workers[-1]
            except ProcessLookupError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"no worker of pid {master} could be killed in {attempts} attempts")


def worker_kill(report: Report, base_url: str, paths: list[str], master: int) -> None:
    workers = children(master)
    if not workers:
        report.add("worker SIGKILL", False, f"no worker processes under pid {master}")
        return
    with steady_load(base_url, paths, 40, timeout=TIMEOUT) as load:
        time.sleep(3)
        victim = _kill_a_worker(master)
        killed_at = time.monotonic()
        time.sleep(12)
        now = children(master)
    outcomes = load.outcomes
    # Requests the dead worker held, or sent on its kept-alive connections, fail: count them out for a second.
    at_kill = [o for o in outcomes if killed_at - TIMEOUT <= o.started < killed_at + 1 and not o.ok]
    after = [o for o in outcomes if o.started >= killed_at + 1]
    replaced = len(now) == len(workers) and victim not in now
    report.add("worker SIGKILL: master replaced it", replaced, f"workers {workers} -> {now}")
    report.add(
        "worker SIGKILL: kept serving",
        bool(after) and all(o.ok for o in after),
        f"{len(at_kill)} requests lost with the worker; after it {_counts(after)}",
    )
    print(f"  worker SIGKILL: {_counts(outcomes)}; lost with the worker {len(at_kill)}; after {_counts(after)}")


# --------------------------------------------------------------------------- one rung


SETUP = {
    "django": ("python manage.py createsuperuser --noinput", f"python manage.py seed --count {SEED_ROWS}"),
    "js": ("npm run createadmin", f"npm run seed -- {SEED_ROWS}"),
}


def prepare(project: Path, env: dict[str, str], track: str) -> str | None:
    """Release, an admin user and a few rows; the failing command's output, or None."""
    for command in (read_procfile(project)["release"], *SETUP[track]):
        result = run(command, project, env)
        if result.returncode != 0:
            return f"{command}: {tail(result)}"
    return None


def environment(report: Report, rung: rungs.Rung, project: Path, workdir: Path, url: str) -> dict[str, str] | None:
    """The web's environment, after installing what the project needs (`npm ci` and the build on JS rungs)."""
    if rung.track == "django":
        return django_env(venv_for(project), workdir, free_port(), url)
    env = node.node_env(workdir, free_port(), url)
    return env if node.install(report, project, env) else None


def has_workers(web: str) -> bool:
    """Whether the Procfile's `web:` is a master with worker processes (its children): gunicorn, node:cluster."""
    return "gunicorn" in web or "src/cluster.js" in web  # dist/src/cluster.js, the compiled primary


def worker_kill_or_skip(report: Report, web: str, base_url: str, paths: list[str], pid: int) -> None:
    if has_workers(web):
        worker_kill(report, base_url, paths, pid)
    elif web.startswith("node ") or " node " in web:
        report.skip("worker SIGKILL", f"`{web}` is one Node process with no worker processes to kill")
    else:
        report.skip("worker SIGKILL", f"`{web}` is one process (not gunicorn): no worker processes to kill")


def api_token(base_url: str) -> str:
    response = requests.post(
        f"{base_url}/api/auth/token/", json={"username": ADMIN_USER, "password": ADMIN_PASSWORD}, timeout=TIMEOUT
    )
    response.raise_for_status()
    return str(response.json()["token"])


def faults_rung(rung: rungs.Rung, examples: int) -> Report:
    print(f"== {rung.name}", flush=True)
    report = Report(rung.name, "faults")
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"faults-{rung.name}-")))
        project = workdir / "app"
        ignore = shutil.ignore_patterns(".git", "node_modules", ".next", "*.sqlite3*", ".env")
        shutil.copytree(rung.reference_dir, project, symlinks=True, ignore=ignore)
        url, cluster = stack.enter_context(database(rung.level, workdir))
        env = environment(report, rung, project, workdir, url)
        if env is None:
            return report
        if rung.level >= 2:
            env["REDIS_URL"] = stack.enter_context(redis_for_run()).url
        failure = prepare(project, env, rung.track)
        if not report.add("release, admin and seed rows", failure is None, failure or ""):
            return report
        web = stack.enter_context(background(read_procfile(project)["web"], project, env, workdir / "web.log"))
        base_url = f"http://127.0.0.1:{env['PORT']}"
        wait_for_http(f"{base_url}/health/live/", web)
        model = model_of_project(project)
        paths = pages(model, base_url)
        if cluster is None:
            print(f"  SKIP PostgreSQL restart: level {rung.level} runs on SQLite")
        else:
            postgres_restart(report, base_url, paths, cluster)
        worker_kill_or_skip(report, read_procfile(project)["web"], base_url, paths, web.pid)
        from .fuzz import fuzz_api

        fuzz_api(report, base_url, model, api_token(base_url), examples)
    return report


def skip_reason(rung: rungs.Rung) -> str | None:
    if rung.track == "fraiseql":
        return "a GraphQL API: its bad input is driven by the smoke's GraphQL contract, not schemathesis"
    if rung.track == "js" and node.node_reason():
        return node.node_reason()
    if rung.level >= 1:
        return private_postgres_reason()
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    rungs.add_app_names(parser)
    parser.add_argument("--examples", type=int, default=25, help="generated inputs per API operation and mode")
    args = parser.parse_args(argv)
    selected = rungs.selected(args.rungs)
    reports, skipped = [], 0
    for rung in selected:
        reason = skip_reason(rung)
        if reason:
            print(f"== {rung.name}\n  SKIP {reason}")
            skipped += 1
            continue
        reports.append(faults_rung(rung, min(max(args.examples, 1), 200)))
    passed = sum(len(r.checks) - r.failed for r in reports)
    failed = sum(r.failed for r in reports)
    skipped_checks = sum(len(r.skipped_checks) for r in reports)
    print(f"faults: {passed} passed, {failed} failed, {skipped} rungs and {skipped_checks} checks skipped")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Performance figures of every reference app at scale, each beside an idiomatic baseline measured in the same run.

    python -m ladder.measure.bench [APP ...] [--rows 1000,1000000] [--seconds 5] [--connections 8,32] [--no-write]
                                   [--memory-limit MB] [--node-options OPTIONS]

For each reference app and each size (PostgreSQL rungs: 1,000 and 1,000,000 rows; SQLite rungs, level 0:
100,000; `--rows` chooses for all): a new database, the Procfile's release step, an admin and its API token, then
the rows written by the database itself from the entity model (ladder/measure/seed.py). On the measured entity
(the first that refers to another: a Book, which refers to its Author) under wrk at each number of connections,
after a warm-up: the HTML list page, a `?q=` search matching a few rows, a deep page (`?page=1000`, or the last
page where there are fewer), the API list, the API detail, and the API create (a POST with the token; the rows
it stored are counted): requests/s, p50 and p99 latency, failed requests, CPU time of the web process tree per
request; the peak memory of the web process tree under that load (PSS, and RSS summed). Once per app: the cold
start (the Procfile's `web` with DEBUG off to the first 200 on /health/live/, median of 5) and the image size
where `nox -s smoke` built one.
The baseline serves the same rows of the same tables, with as many workers and the same persistent database
connections: a Django rung's is a ListView with `paginate_by` and a DRF ModelViewSet in a plain `startproject`
app (ladder/measure/baseline.py), an Express rung's a plain Express router over the rung's own driver
(ladder/measure/baseline_express.py), a Next.js rung's a page and route handlers over Drizzle under `next start`
(ladder/measure/baseline_next.py). Ours and the baseline run side by side and take turns, so both meet the
same moment of the machine.
Nothing here asserts a timing: the figures are printed and written into docs/benchmarks.md between the bench
markers, with the targets each misses, where the figures of rungs not measured in this run are kept. The
machine's load average is recorded beside them, since other work may share it. `--memory-limit` runs each web
server under a memory limit of its own, as a container does (ladder/measure/memory_limit.py), and
`--node-options` gives every web server that NODE_OPTIONS: a run with either prints its figures only, since the
page shows the templates' defaults.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.build.spec import load_answers, model_of_project
from ladder.machine import images
from ladder.measure import baseline, baseline_express, baseline_next, floor, seed
from ladder.measure.load import (
    Load,
    children,
    descendants,
    load_average,
    peak_memory,
    tree_cpu_seconds,
    wrk,
    wrk_reason,
)
from ladder.measure.memory_limit import limited_command, memory_limit_reason
from ladder.verify import node
from ladder.verify.databases import database_for_level, postgres_reason
from ladder.verify.frontend import FRONTEND, frontend_env
from ladder.verify.processes import background, free_port, read_procfile, run, wait_for_http
from ladder.verify.report import ADMIN_PASSWORD, ADMIN_USER, Report
from ladder.verify.smoke import django_env
from ladder.verify.workers import redis_for_run

POSTGRES_ROWS = (1_000, 1_000_000)
SQLITE_ROWS = (100_000,)  # level 0 runs on SQLite
CONNECTIONS = (8, 32)
COLD_STARTS = 5
WARM_UP_SECONDS = 2
PAGE_SIZE = 20  # both tracks' lists
# The page the figures are written into, between the two markers.
PAGE = rungs.REPO_ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin (written by `nox -s bench`) -->", "<!-- bench:end -->"
FLOOR_PAGE = "HTML list"  # the one page the floor serves
# A level-4 app's processes behind its front door (the Procfile's `web`), and the frontend's readiness path.
BEHIND_FRONT_DOOR = ("api", "frontend")
FRONTEND_READY = "/frontend-health/ready/"
# The FraiseQL rung's baseline: the Django rung of its level, whose REST API serves the same rows
# (ladder/measure/bench_graphql.py).
BASELINE_OF_FRAISEQL = "django-l1"

# What the product owner asked of each app (docs/benchmarks.md); reported, never asserted.
P99_MS = 100  # every endpoint at the largest size, 8 connections
KEEPS_THROUGHPUT = 0.8  # of the requests/s at the smallest size
# The FraiseQL track has none of these three (docs/benchmarks.md): its table is read beside django-l1's.
PSS_MB = {"django": 200, "js": 350}
COLD_START_S = {"django": 1.0, "js": 1.5}
IMAGE_MB = {"django": 200, "js": 280}


@dataclass(frozen=True)
class Endpoint:
    label: str
    path: str
    post: str | None = None  # a JSON body, its `{n}` numbered per request (load.post_script)
    graphql: bool = False  # `post` is a GraphQL query, answered 200 with data and no errors; else a create

    @property
    def creates(self) -> bool:
        return self.post is not None and not self.graphql


@dataclass(frozen=True)
class Conditions:
    """What a run changes in the servers' surroundings, away from the templates' defaults (--memory-limit,
    --node-options); figures under any are printed, never written into the page."""

    memory_mb: int | None = None  # each web server under a memory limit of its own, as in a container
    node_options: str = ""  # NODE_OPTIONS of every web server, read by Node.js alone

    @property
    def default(self) -> bool:
        return self == Conditions()

    def environment(self, env: dict[str, str]) -> dict[str, str]:
        """A server's environment under these conditions."""
        return {**env, "NODE_OPTIONS": self.node_options} if self.node_options else env

    def described(self) -> str:
        """The conditions as the table's heading names them (empty for the defaults)."""
        parts = [f"each under a {self.memory_mb} MB memory limit"] if self.memory_mb else []
        parts += [f"with `NODE_OPTIONS={self.node_options}`"] if self.node_options else []
        return ", ".join(parts)


@dataclass(frozen=True)
class Point:
    """One endpoint at one number of connections: wrk's figures, CPU per request, rows stored (a create)."""

    load: Load
    cpu_ms: float
    created: int | None = None


@dataclass
class Served:
    """One server under test at one size: how to start it, and what was measured of it."""

    label: str
    command: str
    cwd: Path
    env: dict[str, str]
    # What this server answers under a label, where it is not the shared endpoint (the FraiseQL rung's baseline
    # is a REST API: its list is a GET where ours is a GraphQL POST).
    routes: dict[str, Endpoint] = field(default_factory=dict)
    # The path that answers 200 once the server can answer every endpoint (a front door: its frontend's readiness).
    ready: str = "/health/live/"
    points: dict[tuple[str, int], Point] = field(default_factory=dict)
    conditions: Conditions = field(default_factory=Conditions)
    peak_rss: int = 0
    peak_pss: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.env['PORT']}"

    def route(self, endpoint: Endpoint) -> Endpoint:
        return self.routes.get(endpoint.label, endpoint)


@dataclass
class SizeFigures:
    rows: int
    ours: Served
    baseline: Served
    floor: Served | None = None  # JavaScript rungs: their framework doing no work (ladder/measure/floor.py)
    loads_seen: list[float] = field(default_factory=list)


@dataclass
class AppFigures:
    rung: str
    track: str
    command: str
    baseline_command: str
    workers: int
    cold_start: float = 0.0
    baseline_cold_start: float = 0.0
    image: str = "-"
    conditions: Conditions = field(default_factory=Conditions)
    sizes: list[SizeFigures] = field(default_factory=list)
    measured_at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


# --------------------------------------------------------------------------- measuring


def cold_start(server: Served, log: Path, times: int = COLD_STARTS) -> float:
    """Median seconds from process start to the first 200 on /health/live/."""
    seconds = []
    for _ in range(times):
        with started(server, log) as process:
            seconds.append(wait_for_http(f"{server.base_url}/health/live/", process, interval=0.02))
    return statistics.median(seconds)


@contextmanager
def started(server: Served, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The server's command running under its conditions (memory limit, environment), stopped on exit."""
    with (
        limited_command(server.command, server.conditions.memory_mb) as command,
        background(command, server.cwd, server.conditions.environment(server.env), log) as process,
    ):
        yield process


def web_workers(pid: int) -> int:
    """The processes that serve requests: the leaves of the web process tree (gunicorn's workers, or Node)."""
    return sum(1 for member in descendants(pid) if not children(member))


def json_headers(token: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "Authorization": f"Token {token}"}


def post_of(endpoint: Endpoint, token: str) -> tuple[str, dict[str, str]] | None:
    """wrk's POST (body, headers) of an endpoint: a create sends the token, a GraphQL query asks anonymously."""
    if endpoint.post is None:
        return None
    headers = {"Content-Type": "application/json"} if endpoint.graphql else json_headers(token)
    return endpoint.post, headers


def measure(
    server: Served, pid: int, endpoint: Endpoint, connections: int, seconds: int, token: str, run: RunState
) -> None:
    """One bounded wrk run with the process tree's memory sampled throughout; a create's stored rows counted."""
    label, endpoint = endpoint.label, server.route(endpoint)
    run.loads_seen.append(load_average())
    before = run.count() if endpoint.creates else 0
    cpu_before = tree_cpu_seconds(pid)
    with peak_memory(pid) as memory:
        loaded = wrk(server.base_url + endpoint.path, seconds, connections, post=post_of(endpoint, token))
    cpu_ms = (tree_cpu_seconds(pid) - cpu_before) * 1000 / max(loaded.requests, 1)
    settle(pid, run.databases)
    created = run.count() - before if endpoint.creates else None
    server.points[label, connections] = Point(loaded, cpu_ms, created)
    server.peak_rss = max(server.peak_rss, memory.rss)
    server.peak_pss = max(server.peak_pss, memory.pss)
    stored = f"  stored {created}" if created is not None else ""
    print(
        f"  {server.label:>10} {label:<11} c{connections:<3} {loaded.per_second:7.0f} req/s  "
        f"p50 {loaded.p50_ms:6.1f} ms  p99 {loaded.p99_ms:6.1f} ms  errors {loaded.errors}/{loaded.requests}  "
        f"CPU {cpu_ms:.1f} ms/request{stored}  (load {run.loads_seen[-1]:.2f})",
        flush=True,
    )


SETTLE_SECONDS = 60


def settle(pid: int, databases: tuple[str, ...] = (), limit: float = SETTLE_SECONDS) -> float:
    """Wait until the server has worked off what wrk left queued (its tree uses under a tenth of a core, and no
    query runs on `databases`: a worker waiting on a slow query uses no CPU itself), so that the next figure,
    ours or the baseline's, does not share the cores with this one's backlog; seconds waited."""
    started = time.monotonic()
    used = tree_cpu_seconds(pid)
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        now = tree_cpu_seconds(pid)
        if now - used < 0.05 and not any(map(queries_running, databases)):
            break
        used = now
    return time.monotonic() - started


# The queries running on the database but the asking one's (PostgreSQL; SQLite has no server to ask).
RUNNING_QUERIES = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
    "AND pid <> pg_backend_pid()"
)


def queries_running(url: str) -> bool:
    return not url.startswith("sqlite:") and int(seed.scalar(url, RUNNING_QUERIES) or 0) > 0


@dataclass
class RunState:
    """What the measuring of one size shares: the token, how to count the measured table, the loads seen, the
    databases the servers use (which `settle` waits on)."""

    token: str
    count: Callable[[], int]
    loads_seen: list[float]
    databases: tuple[str, ...] = ()


CHECK_SECONDS = 30
# The figure of an endpoint whose single checking request got no good answer within CHECK_SECONDS.
UNANSWERED = Load(requests=0, seconds=CHECK_SECONDS, p50_ms=0.0, p99_ms=0.0, max_ms=0.0, errors=1)


def check_answers(server: Served, endpoint: Endpoint, token: str) -> None:
    """One request before the load: a page that does not answer 200 (201 for a create) is not measured, nor a
    GraphQL query answered with errors or without data (GraphQL answers those with a 200, which wrk counts)."""
    endpoint = server.route(endpoint)
    url, post = server.base_url + endpoint.path, post_of(endpoint, token)
    if post:
        body = post[0].replace("{n}", f"check-{server.label}")
        response = requests.post(url, data=body.encode(), headers=post[1], timeout=CHECK_SECONDS)
    else:
        response = requests.get(url, timeout=CHECK_SECONDS)
    expected = 201 if endpoint.creates else 200
    problem = f"answered {response.status_code}, not {expected}" if response.status_code != expected else ""
    if endpoint.graphql and not problem:
        answer = response.json()
        problem = "answered with GraphQL errors or no data" if answer.get("errors") or not answer.get("data") else ""
    if problem:
        raise RuntimeError(f"{server.label}: {endpoint.label} ({endpoint.path}) {problem}: {response.text[:500]}")


@contextmanager
def serving(servers: list[Served], workdir: Path) -> Iterator[dict[str, int]]:
    """Every server running at once (idle while another is measured); yields their pids by label."""
    with ExitStack() as stack:
        pids = {}
        for server in servers:
            log = workdir / f"web-{server.label}.log"
            process = stack.enter_context(started(server, log))
            wait_for_http(server.base_url + server.ready, process)
            pids[server.label] = process.pid
        yield pids


def bench_endpoints(
    size: SizeFigures,
    endpoints: list[Endpoint],
    connections: tuple[int, ...],
    seconds: int,
    run: RunState,
    workdir: Path,
) -> None:
    """Each endpoint at each number of connections, ours then the baseline's (then the floor's), in turns."""
    servers = [size.ours, size.baseline, *([size.floor] if size.floor else [])]
    with serving(servers, workdir) as pids:
        for endpoint in endpoints:
            taking = [s for s in servers if s is not size.floor or endpoint.label == FLOOR_PAGE]
            for server in list(taking):
                try:
                    check_answers(server, endpoint, run.token)
                except (RuntimeError, requests.RequestException) as error:
                    print(f"  {server.label:>10} {endpoint.label}: not measured: {error}", flush=True)
                    for number in connections:
                        server.points[endpoint.label, number] = Point(UNANSWERED, 0.0)
                    taking.remove(server)
                    settle(pids[server.label], run.databases)
                    continue
                route = server.route(endpoint)
                wrk(server.base_url + route.path, WARM_UP_SECONDS, min(connections), post=post_of(route, run.token))
                # The warm-up's backlog worked off: the first measured run would share the cores with it.
                settle(pids[server.label], run.databases)
            for number in connections:
                for server in taking:
                    measure(server, pids[server.label], endpoint, number, seconds, run.token, run)


# --------------------------------------------------------------------------- one app at one size


def release(project: Path, env: dict[str, str], admin: str) -> None:
    """The Procfile's release step, then an admin (who gets the API token)."""
    for command in (read_procfile(project)["release"], admin):
        result = run(command, project, env)
        if result.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{(result.stdout + result.stderr)[-2000:]}")


ADMIN = {"django": "python manage.py createsuperuser --noinput", "js": "npm run createadmin"}


def api_token(base_url: str) -> str:
    """The admin's API token, as any API client gets it."""
    credentials = {"username": ADMIN_USER, "password": ADMIN_PASSWORD}
    response = requests.post(f"{base_url}/api/auth/token/", json=credentials, timeout=30)
    token = response.json().get("token") if response.ok else None
    if not isinstance(token, str):
        raise RuntimeError(f"POST /api/auth/token/ gave no token: {response.status_code} {response.text[:300]}")
    return token


SAMPLE_VALUES: dict[str, Any] = {
    "str": "Bench {n}",
    "text": "Written by the bench, {n}",
    "email": "bench.{n}@example.com",
    "url": "https://example.com/bench/{n}",
    "int": 7,
    "float": 4.5,
    "decimal": "1.50",
    "bool": True,
    "date": "2024-05-01",
    "datetime": "2024-05-01T12:00:00Z",
}


def create_body(entity: dict[str, Any], references: dict[str, Any]) -> str:
    """The JSON a client POSTs to create one object: every field it may set, `{n}` where a value may be unique."""
    body: dict[str, Any] = {}
    for spec in entity["fields"]:
        kind = spec["kind"]
        if spec["auto_add"] or spec["auto_now"] or not spec["editable"]:
            continue
        if kind == "ref":
            body[spec["name"]] = references[spec["name"]]
        elif kind == "enum":
            body[spec["name"]] = spec["choices"][0]
        elif kind in SAMPLE_VALUES:
            value = SAMPLE_VALUES[kind]
            body[spec["name"]] = value[: spec["max_length"]] if kind == "str" and spec["max_length"] else value
        elif spec["required"]:
            raise ValueError(f"{entity['name']}.{spec['name']}: the bench has no value to create a {kind} with")
    return json.dumps(body)


def endpoints_of(entity: dict[str, Any], rows: int, detail_pk: str, body: str) -> list[Endpoint]:
    plural = entity["plural"]
    return [
        Endpoint(FLOOR_PAGE, f"/{plural}/"),
        Endpoint("search ?q=", f"/{plural}/?q={seed.NEEDLE.lower()}"),
        Endpoint("deep page", f"/{plural}/?page={seed.deep_page(rows, PAGE_SIZE)}"),
        Endpoint("API list", f"/api/{plural}/"),
        Endpoint("API detail", f"/api/{plural}/{detail_pk}/"),
        Endpoint("API create", f"/api/{plural}/", post=body),
    ]


@dataclass
class App:
    """A reference app copied into the bench's scratch directory, and what every size of it shares."""

    rung: rungs.Rung
    project: Path
    workdir: Path
    stack: ExitStack
    model: dict[str, Any]
    slug: str
    redis_url: str = ""
    installed: bool = False
    conditions: Conditions = field(default_factory=Conditions)

    @property
    def entity(self) -> dict[str, Any]:
        return seed.measured_entity(self.model)

    @property
    def model_entities(self) -> dict[str, dict[str, Any]]:
        return {e["name"]: e for e in self.model["entities"]}


def app_env(app: App, database: str) -> dict[str, str]:
    """The track's production-like environment on `database`; JavaScript: `npm ci` and the build, once."""
    if app.rung.track == "django":
        env = django_env(venv_for(app.project), app.workdir, free_port(), database)
        if (app.project / FRONTEND).is_dir():
            env.update(frontend_env(app.project, env))
            install_once(app, app.project / FRONTEND, env)
        return env
    env = node.node_env(app.workdir, free_port(), database)
    if "worker" in read_procfile(app.project):
        app.redis_url = app.redis_url or app.stack.enter_context(redis_for_run()).url
        env["REDIS_URL"] = app.redis_url
    install_once(app, app.project, env)
    return env


def install_once(app: App, where: Path, env: dict[str, str]) -> None:
    """`npm ci` and the build of the JavaScript in `where` (the app, or a level-4 app's frontend), once per app."""
    if app.installed:
        return
    report = Report(app.project.name, "bench")
    if not node.install(report, where, env):
        raise RuntimeError(f"npm ci or the build failed in {where.name}/: {report.checks[-1][2]}")
    app.installed = True


def web_command(project: Path) -> str:
    """The Procfile's `web`. Where that is a front door (level 4: `api` and `frontend` run behind it), one shell
    starts all three, the door last in the shell's place, so that one process tree holds them: their CPU and
    memory are counted together, as the web's, and stopping the tree stops them all."""
    procfile = read_procfile(project)
    behind = [procfile[name] for name in BEHIND_FRONT_DOOR if name in procfile]
    return " & ".join([*behind, f"exec {procfile['web']}"]) if behind else procfile["web"]


def ready_path(project: Path) -> str:
    """What answers once every endpoint can: behind a front door, the frontend's readiness (it asks the API)."""
    return FRONTEND_READY if "frontend" in read_procfile(project) else "/health/live/"


def make_baseline(app: App, rows: int, env: dict[str, str], tables: dict[str, seed.Table], workers: int) -> Served:
    destination, port = app.workdir / f"baseline-{rows}", free_port()
    if app.rung.track == "django":
        venv = baseline.generate(destination, app.project, app.slug, app.entity, env)
        command = baseline.WEB.format(port=port, workers=workers)
        return Served("baseline", command, destination, baseline.baseline_env(venv, env, port))
    baseline_express.generate(destination, app.project, app.model, tables, env)
    if floor.web_of(app.project) == "nextjs":
        destination = app.workdir / "baseline-next"  # built once, served at every size
        baseline_next.generate(destination, app.project, app.model, tables, env)
        return Served("baseline", baseline_next.WEB, destination, baseline_next.baseline_env(env, port))
    command = baseline_express.web(workers)
    return Served("baseline", command, destination, baseline_express.baseline_env(env, port))


def first_key(url: str, table: seed.Table, entity: dict[str, Any]) -> Any:
    """The pk of one stored row of `entity` (an int where its pk is one)."""
    pk = entity["pk"]
    value = seed.first_value(url, table.name, table.column_of(pk["name"]))
    if pk["kind"] == "uuid":
        return seed.dashed_uuid(value)
    return int(value) if pk["kind"] == "int" else value


def bench_size(
    app: App, figures: AppFigures | None, rows: int, seconds: int, connections: tuple[int, ...]
) -> AppFigures:
    """One size: its own database, seeded once, measured on ours and the baseline in turns."""
    rung, entity = app.rung, app.entity
    print(f"== {rung.name} at {rows:,} rows", flush=True)
    with database_for_level(rung.level, app.workdir, f"bench{rows}") as database:
        env = app_env(app, database)
        release(app.project, env, ADMIN[rung.track])
        started = time.monotonic()
        tables = seed.seed(database, app.model, app.slug, rows, iso_datetimes=rung.track == "js")
        print(f"  seeded in {time.monotonic() - started:.1f} s", flush=True)
        ours = Served(rung.name, web_command(app.project), app.project, env, ready=ready_path(app.project))
        with background(ours.command, ours.cwd, ours.env, app.workdir / "probe.log") as process:
            wait_for_http(ours.base_url + ours.ready, process)
            time.sleep(1)  # gunicorn forks its workers after the first answers
            workers, token = web_workers(process.pid), api_token(ours.base_url)
            list_html = list_page(f"{ours.base_url}/{entity['plural']}/")
        references = {
            f["name"]: first_key(database, tables[f["target"]], app.model_entities[f["target"]])
            for f in entity["fields"]
            if f["kind"] == "ref"
        }
        detail = first_key(database, tables[entity["name"]], entity)
        endpoints = endpoints_of(entity, rows, str(detail), create_body(entity, references))
        size = SizeFigures(rows, ours, make_baseline(app, rows, env, tables, workers))
        if rung.track == "js" and list_html is not None:
            size.floor = floor_of(app, env, f"/{entity['plural']}/", list_html)
        for server in filter(None, (ours, size.baseline, size.floor)):
            server.conditions = app.conditions
        if figures is None:
            shown = size.baseline.command.replace(size.baseline.env["PORT"], "$PORT")  # the same on every run
            figures = AppFigures(rung.name, rung.track, ours.command, shown, workers, image=image_size(rung))
            figures.conditions = app.conditions
            for server in (ours, size.baseline):
                took = cold_start(server, app.workdir / "cold.log")
                print(f"  {server.label:>10} cold start {took:.2f} s (median of {COLD_STARTS})", flush=True)
                figures.cold_start, figures.baseline_cold_start = (
                    (took, figures.baseline_cold_start) if server is ours else (figures.cold_start, took)
                )
        table = tables[entity["name"]].name
        state = RunState(token, lambda: seed.count_rows(database, table), size.loads_seen, (database,))
        bench_endpoints(size, endpoints, connections, seconds, state, app.workdir)
        if size.floor is not None:
            shutil.rmtree(app.project / "floor")
        figures.sizes.append(size)
        return figures


def list_page(url: str) -> bytes | None:
    """Our list page as a visitor gets it (the floor sends a copy), or None where it does not come in time."""
    try:
        response = requests.get(url, timeout=CHECK_SECONDS)
    except requests.RequestException as error:
        print(f"  no floor: the list page did not come: {error}", flush=True)
        return None
    return response.content


def floor_of(app: App, env: dict[str, str], path: str, page: bytes) -> Served | None:
    """The JavaScript rung's framework serving a constant page (ladder/measure/floor.py), where its web command
    runs a server the floor can stand in for; else None, saying why."""
    try:
        cwd, command = floor.constant_floor(app.project, floor.web_of(app.project), path, page)
    except ValueError as error:
        shutil.rmtree(app.project / "floor", ignore_errors=True)
        print(f"  no floor: {error}", flush=True)
        return None
    return Served("floor", command, cwd, {**env, "PORT": str(free_port())})


def image_size(rung: rungs.Rung) -> str:
    """The image `nox -s smoke` built for the reference app with podman, if it is still there."""
    if not rung.has_dockerfile:
        return f"no image on level {rung.level}"
    if not shutil.which("podman"):
        return "not built here (no podman)"
    try:
        return images.human_size(images.image_size(f"localhost/stack-ladder/{rung.name}:smoke"))
    except (subprocess.CalledProcessError, ValueError, RuntimeError):
        return "not built yet (run `nox -s smoke -- --mode podman`)"


def sizes_of(rung: rungs.Rung, rows: tuple[int, ...] | None) -> tuple[int, ...]:
    return rows or (SQLITE_ROWS if rung.level == 0 else POSTGRES_ROWS)


def bench_rung(
    rung: rungs.Rung,
    rows: tuple[int, ...] | None,
    seconds: int,
    connections: tuple[int, ...],
    conditions: Conditions,
) -> AppFigures:
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"bench-{rung.name}-")))
        project = workdir / "app"
        ignore = shutil.ignore_patterns(".git", "node_modules", ".next", "*.sqlite3*", ".env")
        shutil.copytree(rung.reference_dir, project, symlinks=True, ignore=ignore)
        slug = str(load_answers(project / ".copier-answers.yml")["project_slug"])
        app = App(rung, project, workdir, stack, model_of_project(project), slug, conditions=conditions)
        measure_size = bench_size
        if rung.track == "fraiseql":
            # Imported here: bench_graphql builds on this module's measuring.
            from ladder.measure import bench_graphql

            measure_size = bench_graphql.bench_size
        sizes = sizes_of(rung, rows)
        figures = measure_size(app, None, sizes[0], seconds, connections)
        for size in sizes[1:]:
            measure_size(app, figures, size, seconds, connections)
        return figures


# --------------------------------------------------------------------------- the table


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def _cells(point: Point | None) -> tuple[str, str, str, str]:
    """requests/s, p50 / p99, CPU per request, failed / sent (and rows stored, for a create)."""
    if point is None:
        return ("-", "-", "-", "-")
    load = point.load
    if not load.requests:
        return ("0", f"none within {load.seconds:.0f} s", "-", f"{load.errors} / 0")
    failed = f"{load.errors} / {load.requests}" + (f", stored {point.created}" if point.created is not None else "")
    return (f"{load.per_second:.0f}", f"{load.p50_ms:.1f} / {load.p99_ms:.1f}", f"{point.cpu_ms:.1f}", failed)


TABLE_HEAD = [
    "| rows | endpoint | conn. | req/s | baseline | p50 / p99 ms | baseline | CPU ms/req | baseline "
    "| failed / sent | baseline |",
    "|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
]


def table_rows(size: SizeFigures) -> list[str]:
    """A row per endpoint and number of connections: ours beside the baseline, column by column."""
    lines = []
    for (label, connections), point in size.ours.points.items():
        theirs = size.baseline.points.get((label, connections))
        lines.append(_row(size.rows, label, connections, point, theirs))
        if size.floor is not None and (label, connections) in size.floor.points:
            floor_point = size.floor.points[label, connections]
            lines.append(_row(size.rows, f"{label}: the framework's floor", connections, floor_point, theirs))
    return lines


def _row(rows: int, label: str, connections: int, ours: Point, theirs: Point | None) -> str:
    mine, other = _cells(ours), _cells(theirs)
    paired = [cell for pair in zip(mine, other, strict=True) for cell in pair]
    return f"| {rows:,} | {label} | {connections} | {' | '.join(paired)} |"


def targets(figures: AppFigures) -> list[str]:
    """Each target the product owner set that this app misses, with by how much (docs/benchmarks.md)."""
    missed: list[str] = []
    sizes = sorted(figures.sizes, key=lambda s: s.rows)
    if not sizes:
        return missed
    small, large = sizes[0], sizes[-1]
    for (label, connections), point in large.ours.points.items():
        if connections == min(CONNECTIONS) and not point.load.requests:
            missed.append(f"{label} at {large.rows:,} rows, {connections} connections: no answer within the run")
        elif connections == min(CONNECTIONS) and point.load.p99_ms >= P99_MS:
            missed.append(
                f"{label} at {large.rows:,} rows, {connections} connections: p99 {point.load.p99_ms:.0f} ms, "
                f"{point.load.p99_ms - P99_MS:.0f} ms over {P99_MS} ms"
            )
        before = small.ours.points.get((label, connections))
        if large is not small and before and connections == min(CONNECTIONS):
            kept = point.load.per_second / before.load.per_second if before.load.per_second else 0
            if kept < KEEPS_THROUGHPUT:
                missed.append(
                    f"{label} at {large.rows:,} rows, {connections} connections: {kept:.0%} of its requests/s at "
                    f"{small.rows:,} rows (target {KEEPS_THROUGHPUT:.0%})"
                )
    for (label, connections), point in small.ours.points.items():
        theirs = small.baseline.points.get((label, connections))
        if theirs and point.load.per_second < theirs.load.per_second:
            missed.append(
                f"{label} at {small.rows:,} rows, {connections} connections: {point.load.per_second:.0f} req/s, "
                f"{1 - point.load.per_second / theirs.load.per_second:.0%} fewer than the baseline's "
                f"{theirs.load.per_second:.0f}"
            )
    return missed + resource_targets(figures)


def resource_targets(figures: AppFigures) -> list[str]:
    """The memory, cold start and image targets of the app's track that it misses (a track may set none)."""
    missed: list[str] = []
    pss, pss_limit = max(s.ours.peak_pss for s in figures.sizes) / 1_000_000, PSS_MB.get(figures.track)
    if pss_limit is not None and pss > pss_limit:
        missed.append(f"PSS under load {pss:.0f} MB, {pss - pss_limit:.0f} MB over {pss_limit} MB")
    limit = COLD_START_S.get(figures.track)
    if limit is not None and figures.cold_start > limit:
        missed.append(f"cold start {figures.cold_start:.2f} s, {figures.cold_start - limit:.2f} s over {limit} s")
    image, limit_mb = re.match(r"(\d[\d.]*) MB", figures.image), IMAGE_MB.get(figures.track)
    if image and limit_mb is not None and float(image.group(1)) > limit_mb:
        size_mb = float(image.group(1))
        missed.append(f"image {size_mb:.0f} MB, {size_mb - limit_mb:.0f} MB over {limit_mb} MB")
    return missed


def markdown(figures: AppFigures) -> str:
    lines = [
        f"#### `{figures.rung}`: `{figures.command}` ({figures.workers} web process"
        f"{'es' if figures.workers > 1 else ''}) beside the baseline (`{figures.baseline_command}`)"
        + (f", {figures.conditions.described()}" if not figures.conditions.default else ""),
        "",
        f"Cold start to `/health/live/` (median of {COLD_STARTS}): {figures.cold_start:.2f} s, baseline "
        f"{figures.baseline_cold_start:.2f} s. Image: {figures.image}.",
        "",
        *TABLE_HEAD,
    ]
    for size in figures.sizes:
        lines += table_rows(size)
    lines.append("")
    for size in figures.sizes:
        seen = size.loads_seen or [0.0]
        lines.append(
            f"- {size.rows:,} rows: peak memory of the web process tree under load {_mb(size.ours.peak_pss)} PSS "
            f"({_mb(size.ours.peak_rss)} RSS summed), baseline {_mb(size.baseline.peak_pss)} PSS "
            f"({_mb(size.baseline.peak_rss)}); one-minute load average {min(seen):.2f} to {max(seen):.2f}."
        )
    missed = targets(figures)
    lines += ["", "Targets missed: none." if not missed else "Targets missed:", *(f"- {m}." for m in missed)]
    every = [load for size in figures.sizes for load in size.loads_seen] or [0.0]
    lines += [
        "",
        f"Measured {figures.measured_at}; one-minute load average while measuring: "
        f"{min(every):.2f} to {max(every):.2f}.",
    ]
    return "\n".join(lines)


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    for line in lscpu.splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    return f"{model}, {os.cpu_count()} cores"


BLOCK = re.compile(r"^#### `([^`]+)`", re.MULTILINE)


def current_section(page: Path = PAGE) -> str:
    """The page's figures between the bench markers as they are now ("" without markers)."""
    text = page.read_text(encoding="utf-8")
    return text.split(BEGIN, 1)[1].split(END, 1)[0] if BEGIN in text and END in text else ""


def blocks_of(section_text: str) -> dict[str, str]:
    """Each rung's table in a written section, by rung id, so that a run measuring some rungs keeps the others.

    A table written before tables carried their own date gets the date the section's header gave.
    """
    dated = re.search(r", (\d{4}-\d\d-\d\d \d\d:\d\d UTC), with", section_text)
    starts = list(BLOCK.finditer(section_text))
    blocks: dict[str, str] = {}
    for start, following in zip(starts, [*starts[1:], None][: len(starts)], strict=True):
        block = section_text[start.start() : following.start() if following else len(section_text)]
        block = block.split("\nNot measured:", 1)[0].split(END, 1)[0].strip()
        if dated and "\nMeasured " not in block:
            block = block.replace("\nOne-minute load average", f"\nMeasured {dated.group(1)}; one-minute load average")
        blocks[start.group(1)] = block
    return blocks


IMAGE_ROW = re.compile(r"Image: (\d[\d.]* [KMG]B)(?: \(measured ([^;]+);)?")
MEASURED_AT = re.compile(r"^Measured (\d{4}-\d\d-\d\d \d\d:\d\d UTC)", re.M)


def carried_image(image: str, kept_block: str) -> str:
    """The image size an earlier table recorded, with its date, when this machine has no image to measure now
    (the smoke builds the images; a fresh machine has none): a size is not lost because a run could not see it."""
    size, measured = IMAGE_ROW.search(kept_block), MEASURED_AT.search(kept_block)
    if image[:1].isdigit() or size is None:
        return image
    when = size.group(2) or (measured.group(1) if measured else "earlier")
    return f"{size.group(1)} (measured {when}; no image here now)"


def section(
    all_figures: list[AppFigures], skipped: list[str], seconds: int, kept: dict[str, str] | None = None
) -> str:
    """The figures section: this run's tables, then the kept tables of rungs it did not measure, in rung order."""
    connections = " and ".join(str(c) for c in CONNECTIONS)
    head = [
        f"Measured by `nox -s bench` on {machine()}: wrk against loopback, {seconds} s per figure after a",
        f"{WARM_UP_SECONDS} s warm-up, at {connections} connections. Each table says when it was measured and the",
        "one-minute load average of the machine meanwhile: other work shared these cores, so read a latency with",
        "the load beside it; CPU per request (user and system time of the web process tree over the requests it",
        "served) depends least on that. `failed / sent` counts every error and every answer that is not 2xx/3xx;",
        "for the API create, `stored` is the rows the table gained.",
    ]
    for figures in all_figures:
        figures.image = carried_image(figures.image, (kept or {}).get(figures.rung, ""))
    blocks = {**(kept or {}), **{f.rung: markdown(f) for f in all_figures}}
    order = [r.name for r in rungs.reference_apps()]
    ordered = sorted(blocks, key=lambda rung: order.index(rung) if rung in order else len(order))
    unmeasured = [reason for reason in skipped if reason.split(":", 1)[0] not in blocks]
    body = [blocks[rung] for rung in ordered] + [f"Not measured: {reason}" for reason in unmeasured]
    return "\n".join([BEGIN, "", *head, "", "\n\n".join(body), "", END])


def write_page(text: str, page: Path = PAGE) -> None:
    """Replace what stands between the bench markers of `page` with `text`."""
    current = page.read_text(encoding="utf-8")
    if BEGIN not in current or END not in current:
        raise RuntimeError(f"{page} has no bench markers ({BEGIN} ... {END})")
    before, rest = current.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    page.write_text(before + text + after, encoding="utf-8")


# --------------------------------------------------------------------------- the command


def skip_reason(rung: rungs.Rung) -> str | None:
    if not rung.reference_dir.exists():
        return f"{rung.name}: no reference app"
    if rung.track == "fraiseql" and not rungs.get(BASELINE_OF_FRAISEQL).reference_dir.exists():
        return f"{rung.name}: its baseline, the reference app {BASELINE_OF_FRAISEQL}, is missing"
    if rung.track == "js" and node.node_reason():
        return f"{rung.name}: {node.node_reason()}"
    reason = postgres_reason() if rung.level >= 1 else None
    return f"{rung.name}: level {rung.level} runs on PostgreSQL: {reason}" if reason else None


def run_all(
    selected: list[rungs.Rung],
    rows: tuple[int, ...] | None,
    seconds: int,
    connections: tuple[int, ...],
    note: Callable[[str], None],
    conditions: Conditions,
) -> tuple[list[AppFigures], int]:
    measured, failures = [], 0
    for rung in selected:
        reason = skip_reason(rung)
        if reason:
            note(reason)
            continue
        try:
            measured.append(bench_rung(rung, rows, seconds, connections, conditions))
        except (RuntimeError, ValueError, subprocess.SubprocessError, requests.RequestException) as error:
            failures += 1
            note(f"{rung.name}: {type(error).__name__}: {error}")
    return measured, failures


def numbers(name: str) -> Callable[[str], tuple[int, ...]]:
    """An argparse type: comma-separated positive whole numbers ("1000,1000000"), refused by name otherwise."""

    def parse(text: str) -> tuple[int, ...]:
        try:
            values = tuple(int(part.replace("_", "")) for part in text.split(","))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: comma-separated whole numbers, not {text!r}") from None
        if not values or min(values) < 1:
            raise argparse.ArgumentTypeError(f"{name}: every number must be at least 1, not {text!r}")
        return values

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    rungs.add_app_names(parser)
    parser.add_argument(
        "--rows",
        type=numbers("--rows"),
        help="sizes to seed, comma-separated (default: 1000,1000000 on PostgreSQL, 100000 on SQLite)",
    )
    parser.add_argument(
        "--seconds", type=int, default=5, help="length of each measured wrk run (default 5, at most 60)"
    )
    parser.add_argument(
        "--connections", type=numbers("--connections"), default=CONNECTIONS, help="wrk connections (default 8,32)"
    )
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    parser.add_argument(
        "--memory-limit",
        type=int,
        metavar="MB",
        help="run each web server under this memory limit, as a container does (figures printed, not written)",
    )
    parser.add_argument(
        "--node-options",
        default="",
        metavar="OPTIONS",
        help="NODE_OPTIONS of every web server, given with '=' (--node-options=--max-semi-space-size=16); "
        "figures printed, not written",
    )
    args = parser.parse_args(argv)
    if args.memory_limit is not None:
        refused = memory_limit_reason() if args.memory_limit > 0 else "it must be a positive number of megabytes"
        if refused:
            parser.error(f"--memory-limit: {refused}")
    reason = wrk_reason()
    if reason:
        print(f"bench: SKIP every rung: {reason}")
        return 0
    skipped: list[str] = []

    def note(reason: str) -> None:
        print(f"  SKIP {reason}", flush=True)
        skipped.append(reason)

    seconds = min(max(args.seconds, 1), 60)
    selected = rungs.selected(args.rungs)
    conditions = Conditions(args.memory_limit, args.node_options.strip())
    measured, failures = run_all(selected, args.rows, seconds, args.connections, note, conditions)
    text = section(measured, skipped, seconds, kept=blocks_of(current_section()))
    print(text)
    if measured and not args.no_write and conditions.default:
        write_page(text)
        print(f"bench: figures written into {PAGE.relative_to(rungs.REPO_ROOT)}")
    return 1 if failures or not measured else 0


if __name__ == "__main__":
    raise SystemExit(main())

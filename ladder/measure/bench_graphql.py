"""The bench of the FraiseQL rung: its GraphQL API beside django-l1's REST API, on the same rows.

fraiseql-l1 and django-l1 are made from one entity spec, so ladder/measure/seed.py writes the same rows into
each one's own database (the values are computed from the row number, UUIDs included). On the measured entity
(a Book, which refers to its Author), at each size and number of connections:

- `list of 20`: `books(limit: 20)` selecting every field, the referenced Author nested with its fields, beside
  django-l1's `GET /api/books/` (a page of 20, as its serializer writes each book, with the page's count);
- `one object`: `book(id: ...)` with the same selection, beside `GET /api/books/<id>/`;
- `search ?q=`: `books(limit: 20, q: ...)` matching a few rows, beside `GET /api/books/?q=...`.

Each app runs as it ships (its Procfile's `web`: one uvicorn process, and gunicorn's workers), so CPU time per
request is the figure to compare: it does not depend on how many processes serve. This measures what FraiseQL
claims, that a view's JSONB goes to the client without Python building objects, against a serializer that does.
"""

from __future__ import annotations

import json
import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.build.spec import load_answers, model_of_project
from ladder.measure import seed
from ladder.measure.bench import (
    ADMIN,
    BASELINE_OF_FRAISEQL,
    COLD_STARTS,
    App,
    AppFigures,
    Endpoint,
    RunState,
    Served,
    SizeFigures,
    bench_endpoints,
    cold_start,
    first_key,
    image_size,
    release,
    web_workers,
)
from ladder.verify.databases import database_for_level
from ladder.verify.fraiseql import fraiseql_env
from ladder.verify.processes import background, free_port, read_procfile, wait_for_http
from ladder.verify.smoke import django_env

PAGE_SIZE = 20  # django-l1's API page, and the GraphQL list's limit


def camel(name: str) -> str:
    """A field's GraphQL name, as FraiseQL writes it (published_on -> publishedOn)."""
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def selection(entity: dict[str, Any], entities: dict[str, dict[str, Any]], nest: bool = True) -> str:
    """Every field of `entity`; each reference nested with its own fields (one level deep), else by its pk."""
    fields = [entity["pk"]["name"]]
    for spec in entity["fields"]:
        if spec["kind"] != "ref":
            fields.append(camel(spec["name"]))
            continue
        target = entities[spec["target"]]
        inner = selection(target, entities, nest=False) if nest else target["pk"]["name"]
        fields.append(f"{camel(spec['name'])} {{ {inner} }}")
    return " ".join(fields)


def query_body(field: str, arguments: str, fields: str) -> str:
    """The JSON a GraphQL client POSTs: one root field (the app asks for one a request)."""
    return json.dumps({"query": f"{{ {field}({arguments}) {{ {fields} }} }}"})


@dataclass(frozen=True)
class Pair:
    """One measured endpoint: ours (a GraphQL POST) and the baseline's REST GET of the same rows."""

    ours: Endpoint
    theirs: Endpoint


def pairs(model: dict[str, Any], detail_pk: str) -> list[Pair]:
    """The list, the one object and the search, each as a GraphQL query and as django-l1's REST request."""
    entity = seed.measured_entity(model)
    entities = {e["name"]: e for e in model["entities"]}
    fields, plural, one = selection(entity, entities), camel(entity["plural"]), camel(entity["snake"])
    needle = seed.NEEDLE.lower()
    rest = f"/api/{entity['plural']}/"
    wanted = [
        ("list of 20", query_body(plural, f"limit: {PAGE_SIZE}", fields), rest),
        ("one object", query_body(one, f"id: {json.dumps(detail_pk)}", fields), f"{rest}{detail_pk}/"),
        (
            "search ?q=",
            query_body(plural, f"limit: {PAGE_SIZE}, q: {json.dumps(needle)}", fields),
            f"{rest}?q={needle}",
        ),
    ]
    return [
        Pair(Endpoint(label, "/graphql", post=body, graphql=True), Endpoint(label, path))
        for label, body, path in wanted
    ]


def prepared(project: Path, env: dict[str, str], admin: str, rows: int) -> dict[str, seed.Table]:
    """The Procfile's release step and an admin, then the bench's rows: each entity's table."""
    release(project, env, admin)
    started = time.monotonic()
    answers = load_answers(project / ".copier-answers.yml")
    # Django's tables are <slug>_<model>.
    tables = seed.seed(env["DATABASE_URL"], model_of_project(project), str(answers["project_slug"]), rows)
    print(f"  {answers['rung']}: seeded in {time.monotonic() - started:.1f} s", flush=True)
    return tables


def baseline_project(app: App) -> Path:
    """django-l1's reference app, copied beside ours once."""
    destination = app.workdir / BASELINE_OF_FRAISEQL
    if not destination.exists():
        ignore = shutil.ignore_patterns(".git", "*.sqlite3*", ".env", "staticfiles")
        shutil.copytree(rungs.get(BASELINE_OF_FRAISEQL).reference_dir, destination, symlinks=True, ignore=ignore)
    return destination


def started_workers(server: Served, log: Path) -> int:
    """How many processes serve requests once the server is up (gunicorn forks its workers after answering)."""
    with background(server.command, server.cwd, server.env, log) as process:
        wait_for_http(f"{server.base_url}/health/live/", process)
        time.sleep(1)
        return web_workers(process.pid)


def bench_size(
    app: App, figures: AppFigures | None, rows: int, seconds: int, connections: tuple[int, ...]
) -> AppFigures:
    """One size: a database for each app, the same rows in both, then the three endpoints on each in turns."""
    print(f"== {app.rung.name} at {rows:,} rows, beside {BASELINE_OF_FRAISEQL}", flush=True)
    theirs_project = baseline_project(app)
    with ExitStack() as stack:
        ours_db = stack.enter_context(database_for_level(app.rung.level, app.workdir, f"bench{rows}"))
        theirs_db = stack.enter_context(database_for_level(app.rung.level, app.workdir, f"benchdj{rows}"))
        ours_env = fraiseql_env(venv_for(app.project), app.workdir, free_port(), ours_db)
        theirs_env = django_env(venv_for(theirs_project), app.workdir, free_port(), theirs_db)
        tables = prepared(app.project, ours_env, f"python -m {app.slug} createadmin", rows)
        prepared(theirs_project, theirs_env, ADMIN["django"], rows)
        detail = str(first_key(ours_db, tables[app.entity["name"]], app.entity))
        measured = pairs(app.model, detail)
        ours = Served(app.rung.name, read_procfile(app.project)["web"], app.project, ours_env)
        theirs = Served(BASELINE_OF_FRAISEQL, read_procfile(theirs_project)["web"], theirs_project, theirs_env)
        theirs.routes = {pair.theirs.label: pair.theirs for pair in measured}
        ours.conditions = theirs.conditions = app.conditions
        if figures is None:
            figures = first_figures(app, ours, theirs)
        size = SizeFigures(rows, ours, theirs)
        table = tables[app.entity["name"]].name
        state = RunState("", lambda: seed.count_rows(ours_db, table), size.loads_seen, (ours_db, theirs_db))
        bench_endpoints(size, [pair.ours for pair in measured], connections, seconds, state, app.workdir)
        figures.sizes.append(size)
        return figures


def first_figures(app: App, ours: Served, theirs: Served) -> AppFigures:
    """What is measured once per app: the web processes of each, and each one's cold start."""
    workers = started_workers(ours, app.workdir / "probe.log")
    theirs_workers = started_workers(theirs, app.workdir / "probe-baseline.log")
    shown = f"{BASELINE_OF_FRAISEQL}: {theirs.command}, {theirs_workers} web processes"
    figures = AppFigures(app.rung.name, app.rung.track, ours.command, shown, workers, image=image_size(app.rung))
    figures.conditions = app.conditions
    figures.cold_start = cold_start(ours, app.workdir / "cold.log")
    figures.baseline_cold_start = cold_start(theirs, app.workdir / "cold-baseline.log")
    for label, took in ((ours.label, figures.cold_start), (theirs.label, figures.baseline_cold_start)):
        print(f"  {label:>10} cold start {took:.2f} s (median of {COLD_STARTS})", flush=True)
    return figures

"""Performance figures of every reference app, each beside a plain baseline of its track measured in the same run.

    python -m ladder.measure.bench [APP ...] [--seconds 10] [--no-write]

For each reference app (node-l2-express too): cold start (the Procfile's `web` with DEBUG off to the first 200 on
/health/live/, median of 5); with 1,000 seeded rows, the HTML list page, the API list and the API detail under wrk
(32 connections, 10 s after a warm-up): requests/s, p50 and p99 latency, failed requests, CPU time of the web
processes per request; the peak memory of the web process tree under that load (PSS, and RSS summed); the image
size where `nox -s smoke` built one. The baseline serves the same rows from the same database: a plain
`startproject` app for Django rungs (ladder/measure/baseline.py), a plain Express app for JavaScript rungs
(ladder/measure/baseline_express.py).
Nothing here asserts a timing: the figures are printed and written into docs/benchmarks.md between the bench markers,
where the figures of rungs not measured in this run are kept. The machine's load average is recorded beside
them, since other work may share it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
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
from ladder.measure import baseline, baseline_express, floor
from ladder.measure.load import Load, load_average, peak_memory, tree_cpu_seconds, wrk, wrk_reason
from ladder.verify import node
from ladder.verify.contract import pk_name
from ladder.verify.databases import database_for_level, postgres_reason
from ladder.verify.processes import background, free_port, read_procfile, run, wait_for_http
from ladder.verify.report import Report
from ladder.verify.smoke import django_env
from ladder.verify.workers import redis_for_run

ROWS = 1000
COLD_STARTS = 5
WARM_UP_SECONDS = 3
# The page the figures are written into, between the two markers.
PAGE = rungs.REPO_ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin (written by `nox -s bench`) -->", "<!-- bench:end -->"


@dataclass
class Served:
    """One server under test: how to start it, and what was measured of it."""

    label: str
    command: str
    cwd: Path
    env: dict[str, str]
    cold_start: float = 0.0
    loads: dict[str, Load] = field(default_factory=dict)
    cpu_ms: dict[str, float] = field(default_factory=dict)  # CPU of the web process tree per request
    peak_rss: int = 0
    peak_pss: int = 0
    image: str = "-"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.env['PORT']}"


@dataclass
class RungFigures:
    rung: str
    ours: Served
    baseline: Served
    floor: Served | None = None  # JavaScript rungs: their framework doing no work (ladder/measure/floor.py)
    floor_serves: str = ""  # what the floor's page is, for the table
    loads_seen: list[float] = field(default_factory=list)
    measured_at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


# --------------------------------------------------------------------------- measuring


def cold_start(server: Served, log: Path, times: int = COLD_STARTS) -> float:
    """Median seconds from process start to the first 200 on /health/live/."""
    seconds = []
    for _ in range(times):
        with background(server.command, server.cwd, server.env, log) as process:
            seconds.append(wait_for_http(f"{server.base_url}/health/live/", process, interval=0.02))
    return statistics.median(seconds)


def measure(server: Served, pid: int, label: str, path: str, seconds: int, loads_seen: list[float]) -> None:
    """Warm up, then one bounded wrk run with the process tree's memory sampled throughout."""
    url = server.base_url + path
    wrk(url, WARM_UP_SECONDS)
    loads_seen.append(load_average())
    cpu_before = tree_cpu_seconds(pid)
    with peak_memory(pid) as memory:
        server.loads[label] = wrk(url, seconds)
    loaded = server.loads[label]
    server.cpu_ms[label] = (tree_cpu_seconds(pid) - cpu_before) * 1000 / max(loaded.requests, 1)
    server.peak_rss = max(server.peak_rss, memory.rss)
    server.peak_pss = max(server.peak_pss, memory.pss)
    print(
        f"  {server.label:>10} {label:<11} {loaded.per_second:7.0f} req/s  p50 {loaded.p50_ms:6.1f} ms  "
        f"p99 {loaded.p99_ms:6.1f} ms  errors {loaded.errors}  CPU {server.cpu_ms[label]:.1f} ms/request  "
        f"(load {loads_seen[-1]:.2f})",
        flush=True,
    )


@contextmanager
def serving(servers: list[Served], workdir: Path) -> Iterator[dict[str, int]]:
    """Every server running at once (idle while another is measured); yields their pids by label."""
    with ExitStack() as stack:
        pids = {}
        for server in servers:
            process = stack.enter_context(background(server.command, server.cwd, server.env, workdir / "web.log"))
            wait_for_http(f"{server.base_url}/health/live/", process)
            pids[server.label] = process.pid
        yield pids


FLOOR_PAGE = "HTML list"  # the one page the floor serves


def bench_pages(figures: RungFigures, pages: dict[str, str], workdir: Path, seconds: int) -> None:
    """Each page under load, ours then the baseline's (then the floor's), so all see the same moment of the machine."""
    servers = [figures.ours, figures.baseline, *([figures.floor] if figures.floor else [])]
    with serving(servers, workdir) as pids:
        for label, path in pages.items():
            for server in servers:
                if server is figures.floor and label != FLOOR_PAGE:
                    continue
                measure(server, pids[server.label], label, path, seconds, figures.loads_seen)


# --------------------------------------------------------------------------- one rung


SEED = {"django": f"python manage.py seed --count {ROWS}", "js": f"npm run seed -- {ROWS}"}


def prepare(project: Path, env: dict[str, str], track: str) -> None:
    """The Procfile's release step, then 1,000 rows of each entity (the project's own seed command)."""
    for command in (read_procfile(project)["release"], SEED[track]):
        result = run(command, project, env)
        if result.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{(result.stdout + result.stderr)[-2000:]}")


# What each track sets up before measuring: (our environment, a function making the baseline for an entity).
MakeBaseline = Callable[[dict[str, Any]], "Served"]


def django_setup(project: Path, workdir: Path, database: str, stack: ExitStack) -> tuple[dict[str, str], MakeBaseline]:
    env = django_env(venv_for(project), workdir, free_port(), database)
    prepare(project, env, "django")

    def make(entity: dict[str, Any]) -> Served:
        app = str(load_answers(project / ".copier-answers.yml")["project_slug"])
        venv = baseline.generate(workdir / "baseline", project, app, entity, env)
        port = free_port()
        return Served(
            "baseline", baseline.WEB.format(port=port), workdir / "baseline", baseline.baseline_env(venv, env, port)
        )

    return env, make


def js_setup(project: Path, workdir: Path, database: str, stack: ExitStack) -> tuple[dict[str, str], MakeBaseline]:
    """`npm ci` and the build as the smoke does them; on level 2 a Redis of its own (no worker runs)."""
    env = node.node_env(workdir, free_port(), database)
    if "worker" in read_procfile(project):
        env["REDIS_URL"] = stack.enter_context(redis_for_run()).url
    report = Report(project.name, "bench")
    if not node.install(report, project, env):
        raise RuntimeError(f"npm ci or the build failed: {report.checks[-1][2]}")
    prepare(project, env, "js")

    def make(entity: dict[str, Any]) -> Served:
        dialect = node.sql_dialect(project)
        baseline_express.generate(workdir / "baseline", project, dialect, env)
        port = free_port()
        return Served("baseline", baseline_express.WEB, workdir / "baseline", baseline_express.baseline_env(env, port))

    return env, make


SETUP = {"django": django_setup, "js": js_setup}


@dataclass
class Pages:
    entity: dict[str, Any]  # the first entity of the spec
    paths: dict[str, str]  # what is measured, by label: its list page, its API list, one object's API detail
    list_html: bytes  # our list page as a visitor gets it (the floor sends a copy)


def pages_of(project: Path, base: Served, workdir: Path) -> Pages:
    entity = model_of_project(project)["entities"][0]
    plural = entity["plural"]
    with background(base.command, base.cwd, base.env, workdir / "probe.log") as process:
        wait_for_http(f"{base.base_url}/health/live/", process)
        first = requests.get(f"{base.base_url}/api/{plural}/", timeout=10).json()["results"][0]
        list_html = requests.get(f"{base.base_url}/{plural}/", timeout=10).content
    paths = {
        FLOOR_PAGE: f"/{plural}/",
        "API list": f"/api/{plural}/",
        "API detail": f"/api/{plural}/{first[pk_name(entity)]}/",
    }
    return Pages(entity, paths, list_html)


def add_floor(figures: RungFigures, project: Path, pages: Pages, env: dict[str, str]) -> None:
    """The JavaScript rung's framework and process model serving a page that does no work (ladder/measure/floor.py)."""
    web = floor.web_of(project)
    cwd, command = floor.constant_floor(project, web, pages.paths[FLOOR_PAGE], pages.list_html)
    figures.floor = Served("floor", command, cwd, {**env, "PORT": str(free_port())})
    figures.floor_serves = floor.DESCRIPTION


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


def bench_rung(rung: rungs.Rung, seconds: int) -> RungFigures:
    print(f"== {rung.name}", flush=True)
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"bench-{rung.name}-")))
        project = workdir / "app"
        ignore = shutil.ignore_patterns(".git", "node_modules", ".next", "*.sqlite3*", ".env")
        shutil.copytree(rung.reference_dir, project, symlinks=True, ignore=ignore)
        database = stack.enter_context(database_for_level(rung.level, workdir, "bench"))
        env, make_baseline = SETUP[rung.track](project, workdir, database, stack)
        ours = Served(rung.name, read_procfile(project)["web"], project, env, image=image_size(rung))
        pages = pages_of(project, ours, workdir)
        figures = RungFigures(rung.name, ours, make_baseline(pages.entity))
        if rung.track == "js":
            add_floor(figures, project, pages, env)
        for server in (ours, figures.baseline):
            server.cold_start = cold_start(server, workdir / "cold.log")
            print(f"  {server.label:>10} cold start {server.cold_start:.2f} s (median of {COLD_STARTS})", flush=True)
        bench_pages(figures, pages.paths, workdir, seconds)
        return figures


# --------------------------------------------------------------------------- the table


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs else "-"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


Row = tuple[str, str, str, str]


def rows_of(figures: RungFigures) -> list[Row]:
    ours, theirs = figures.ours, figures.baseline
    rows: list[Row] = [
        (
            "cold start to /health/live/ (median of 5)",
            f"{ours.cold_start:.2f} s",
            f"{theirs.cold_start:.2f} s",
            _ratio(ours.cold_start, theirs.cold_start),
        ),
    ]
    for label in ours.loads:
        rows += load_rows(label, ours, theirs, label)
    rows += floor_rows(figures)
    rows += [
        (
            "peak memory of the web process tree under load: PSS (RSS summed)",
            f"{_mb(ours.peak_pss)} ({_mb(ours.peak_rss)})",
            f"{_mb(theirs.peak_pss)} ({_mb(theirs.peak_rss)})",
            _ratio(ours.peak_pss, theirs.peak_pss) + " (PSS)",
        ),
        ("image size", ours.image, theirs.image, ""),
    ]
    return rows


def load_rows(name: str, ours: Served, theirs: Served, label: str) -> list[Row]:
    """One page under load, ours beside theirs: requests/s, latency, failures, CPU per request."""
    load, other = ours.loads[label], theirs.loads[label]
    return [
        (
            f"{name}: requests/s",
            f"{load.per_second:.0f}",
            f"{other.per_second:.0f}",
            _ratio(load.per_second, other.per_second),
        ),
        (
            f"{name}: p50 / p99 latency",
            f"{load.p50_ms:.1f} / {load.p99_ms:.1f} ms",
            f"{other.p50_ms:.1f} / {other.p99_ms:.1f} ms",
            _ratio(load.p99_ms, other.p99_ms) + " (p99)",
        ),
        (f"{name}: failed / sent", f"{load.errors} / {load.requests}", f"{other.errors} / {other.requests}", ""),
        (
            f"{name}: CPU per request (web process tree)",
            f"{ours.cpu_ms[label]:.1f} ms",
            f"{theirs.cpu_ms[label]:.1f} ms",
            _ratio(ours.cpu_ms[label], theirs.cpu_ms[label]),
        ),
    ]


def floor_rows(figures: RungFigures) -> list[Row]:
    """The framework's floor beside the baseline: the most any template on this framework could serve."""
    if figures.floor is None or FLOOR_PAGE not in figures.floor.loads:
        return []
    name = f"{FLOOR_PAGE}, the framework's floor ({figures.floor_serves})"
    return load_rows(name, figures.floor, figures.baseline, FLOOR_PAGE)


def markdown(figures: RungFigures) -> str:
    ours = figures.ours
    lines = [
        f"#### `{figures.rung}`: `{ours.command}` beside the baseline (`{figures.baseline.command.split(' --')[0]}`)",
        "",
        f"| figure | `{figures.rung}` | baseline | ours / baseline |",
        "|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows_of(figures)]
    seen = figures.loads_seen
    lines += [
        "",
        f"Measured {figures.measured_at}; one-minute load average while measuring: "
        f"{min(seen):.2f} to {max(seen):.2f}.",
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
    blocks = {}
    for start, following in zip(starts, [*starts[1:], None], strict=True):
        block = section_text[start.start() : following.start() if following else len(section_text)]
        block = block.split("\nNot measured:", 1)[0].split(END, 1)[0].strip()
        if dated and "\nMeasured " not in block:
            block = block.replace("\nOne-minute load average", f"\nMeasured {dated.group(1)}; one-minute load average")
        blocks[start.group(1)] = block
    return blocks


IMAGE_ROW = re.compile(r"^\| image size \| (\d[\d.]* [KMG]B)(?: \(measured ([^;]+);)?", re.M)
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
    all_figures: list[RungFigures], skipped: list[str], seconds: int, kept: dict[str, str] | None = None
) -> str:
    """The figures section: this run's tables, then the kept tables of rungs it did not measure, in rung order."""
    head = [
        f"Measured by `nox -s bench` with {ROWS:,} rows seeded (each table says when), on {machine()}:",
        f"wrk with 32 connections for {seconds} s after a {WARM_UP_SECONDS} s warm-up, against loopback. The",
        "baseline of a Django rung is the same model and pages in a plain `django-admin startproject` app with",
        "default settings (DEBUG off) under gunicorn's defaults (`ladder/measure/baseline.py`); the baseline of",
        "a JavaScript rung is a plain Express app as Express's docs write one: an EJS list page and two JSON",
        "routes over the rung's own database driver, `NODE_ENV=production` (`ladder/measure/baseline_express.py`).",
        "Each reads the same table of the same database as the rung. Timings are printed and recorded, never",
        "asserted; the machine may be shared, so read them with the load average beside them. CPU per request",
        "(user and system time of the web processes over the requests served) depends least on other work on the",
        "machine. A JavaScript rung's table also gives its framework's floor on the list page",
        "(`ladder/measure/floor.py`): the rung's own web command running Node's http server, which sends a",
        "constant copy of the page, as the rung's page cache sends a visitor's kept page before Express or",
        "Next.js sees the request. No template can serve its list page faster, so the floor over the baseline is",
        "the most any tuning could reach.",
    ]
    for figures in all_figures:
        figures.ours.image = carried_image(figures.ours.image, (kept or {}).get(figures.rung, ""))
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
    if rung.track == "js" and node.node_reason():
        return f"{rung.name}: {node.node_reason()}"
    reason = postgres_reason() if rung.level >= 1 else None
    return f"{rung.name}: level {rung.level} runs on PostgreSQL: {reason}" if reason else None


def run_all(selected: list[rungs.Rung], seconds: int, note: Callable[[str], None]) -> tuple[list[RungFigures], int]:
    measured, failures = [], 0
    for rung in selected:
        reason = skip_reason(rung)
        if reason:
            note(reason)
            continue
        try:
            measured.append(bench_rung(rung, seconds))
        except (RuntimeError, subprocess.SubprocessError, requests.RequestException) as error:
            failures += 1
            note(f"{rung.name}: {type(error).__name__}: {error}")
    return measured, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    rungs.add_app_names(parser)
    parser.add_argument("--seconds", type=int, default=10, help="length of each measured wrk run (default 10)")
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)
    reason = wrk_reason()
    if reason:
        print(f"bench: SKIP every rung: {reason}")
        return 0
    skipped: list[str] = []

    def note(reason: str) -> None:
        print(f"  SKIP {reason}", flush=True)
        skipped.append(reason)

    selected = rungs.selected(args.rungs)
    measured, failures = run_all(selected, min(max(args.seconds, 1), 60), note)
    text = section(measured, skipped, args.seconds, kept=blocks_of(current_section()))
    print(text)
    if measured and not args.no_write:
        write_page(text)
        print(f"bench: figures written into {PAGE.relative_to(rungs.REPO_ROOT)}")
    return 1 if failures or not measured else 0


if __name__ == "__main__":
    raise SystemExit(main())

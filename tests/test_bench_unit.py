"""ladder.measure: bench, load and baseline without a server: parsing, the table, the benchmarks section.

Nothing here measures or asserts a timing; the figures themselves are only printed and recorded.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import requests

from ladder.build.rungs import REPO_ROOT
from ladder.measure import baseline, baseline_express, bench, floor, load
from ladder.verify import node
from ladder.verify.processes import background, free_port, wait_for_http

SUMMARY = (
    "requests=1234 duration_us=10000000 p50_us=12500 p99_us=98000 max_us=150000 "
    "connect=0 read=1 write=0 status=2 timeout=3"
)


def test_wrk_summary_is_parsed_with_every_kind_of_failure() -> None:
    parsed = load._parse(SUMMARY)
    assert (parsed.requests, parsed.errors) == (1234, 6)
    assert (parsed.p50_ms, parsed.p99_ms, parsed.max_ms) == (12.5, 98.0, 150.0)
    assert parsed.per_second == pytest.approx(123.4)


def test_load_is_only_ever_sent_to_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        load.wrk("http://example.com/", 1)
    with pytest.raises(ValueError, match="loopback"):
        load.SteadyLoad("http://10.0.0.7:8000", ["/"], 1, 1)


def test_process_tree_of_this_process() -> None:
    assert load.descendants(os.getpid())[0] == os.getpid()
    assert load.tree_rss(os.getpid()) > 0
    assert load.tree_cpu_seconds(os.getpid()) >= 0


def test_baseline_database_settings() -> None:
    assert baseline.database_settings("sqlite:////srv/app/bench.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/app/bench.sqlite3",
    }
    postgres = baseline.database_settings("postgres://postgres@127.0.0.1:5433/bench_l1_ab12")
    assert postgres == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "bench_l1_ab12",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": "5433",
    }


def test_baseline_installs_the_reference_apps_pins_and_gunicorn() -> None:
    pins = baseline.requirements(REPO_ROOT / "reference-apps" / "django-l0").splitlines()
    assert any(p.startswith("Django==") for p in pins)
    assert baseline.GUNICORN in pins
    assert not any(p.startswith("djangorestframework") for p in pins)


def _figures() -> bench.RungFigures:
    summary = load._parse(SUMMARY)
    ours = bench.Served("django-l1", "gunicorn config.wsgi", Path("."), {"PORT": "1"}, cold_start=1.0)
    theirs = bench.Served("baseline", "gunicorn baseline.wsgi --bind x", Path("."), {"PORT": "2"}, cold_start=0.5)
    for served, cpu in ((ours, 4.0), (theirs, 8.0)):
        served.loads["HTML list"], served.cpu_ms["HTML list"] = summary, cpu
        served.peak_rss = served.peak_pss = 100_000_000
    return bench.RungFigures("django-l1", ours, theirs, loads_seen=[1.5, 2.5])


def test_table_has_a_row_per_figure_with_ratios() -> None:
    rows = {row[0]: row for row in bench.rows_of(_figures())}
    assert rows["cold start to /health/live/ (median of 5)"][3] == "2.00x"
    assert rows["HTML list: requests/s"][1:] == ("123", "123", "1.00x")
    assert rows["HTML list: failed / sent"][1] == "6 / 1234"
    assert rows["HTML list: CPU per request (web process tree)"][3] == "0.50x"
    assert "load average while measuring: 1.50 to 2.50" in bench.markdown(_figures())


def test_section_is_replaced_between_the_markers(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# Title\n\n{bench.BEGIN}\nold figures\n{bench.END}\n\n## Next\n", encoding="utf-8")
    bench.write_page(bench.section([_figures()], ["django-l9: skipped for a reason"], 10), page)
    text = page.read_text(encoding="utf-8")
    assert "old figures" not in text
    assert "| HTML list: requests/s | 123 | 123 | 1.00x |" in text
    assert "Not measured: django-l9: skipped for a reason" in text
    assert text.startswith("# Title\n\n") and text.endswith(f"{bench.END}\n\n## Next\n")


def test_page_without_markers_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks.md"
    page.write_text("# Title\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="bench markers"):
        bench.write_page("figures", page)


def test_the_benchmarks_page_has_the_markers() -> None:
    text = bench.PAGE.read_text(encoding="utf-8")
    assert bench.PAGE == REPO_ROOT / "docs" / "benchmarks.md"
    assert text.count(bench.BEGIN) == 1 and text.count(bench.END) == 1


# --------------------------------------------------------------------------- the JavaScript track's baseline

TASK = {
    "table": "task",
    "plural": "tasks",
    "pk": {"name": "id", "kind": "uuid"},
    "ordering": ["-created_at", "-id"],
    "fields": [{"name": "title"}, {"name": "completed"}, {"name": "created_at"}],
}


def test_express_baseline_orders_as_the_entity_does() -> None:
    assert baseline_express.order_by(["-created_at", "-id"], "id") == "created_at DESC, id DESC"
    assert baseline_express.order_by(["name"], "id") == "name ASC"
    assert baseline_express.order_by([], "code") == "code ASC"


def test_express_baseline_installs_express_ejs_and_the_reference_apps_driver_pin() -> None:
    for rung, driver in (("express-l0", "better-sqlite3"), ("nextjs-l1", "pg")):
        reference = REPO_ROOT / "reference-apps" / rung
        pinned = json.loads((reference / "package.json").read_text(encoding="utf-8"))["dependencies"][driver]
        dependencies = json.loads(baseline_express.package_json(reference, node.sql_dialect(reference)))[
            "dependencies"
        ]
        assert dependencies == {"ejs": baseline_express.EJS, "express": baseline_express.EXPRESS, driver: pinned}


def test_express_baseline_reads_the_same_table_in_the_same_order() -> None:
    postgres = baseline_express.server_js(TASK, "postgresql")
    assert 'const TABLE = "task";' in postgres and 'const ORDER_BY = "created_at DESC, id DESC";' in postgres
    assert 'const COLUMNS = ["id", "title", "completed", "created_at"];' in postgres
    assert "os.userInfo().username" in postgres  # $USER may be unset: the OS user, as libpq takes it
    sqlite = baseline_express.server_js(TASK, "sqlite")
    assert 'from "better-sqlite3"' in sqlite and "pg.Pool" not in sqlite
    env = {"PATH": "/usr/bin", "HOME": "/home/bench", "DATABASE_URL": "sqlite:////srv/x.sqlite3", "SECRET_KEY": "s"}
    assert baseline_express.baseline_env(env, 8123) == {
        "PATH": "/usr/bin",
        "HOME": "/home/bench",
        "NODE_ENV": "production",
        "DATABASE_URL": "sqlite:////srv/x.sqlite3",
        "PORT": "8123",
    }


def test_tables_of_rungs_not_measured_are_kept_with_their_date() -> None:
    old_section = (
        "\nMeasured by `nox -s bench` on AMD EPYC, 2 cores, 2026-12-01 23:04 UTC, with 1,000 rows seeded\n\n"
        "#### `django-l0`: `runserver`\n\n| a | b |\n\nOne-minute load average while measuring: 2.36 to 4.12.\n\n"
        "#### `django-l1`: `gunicorn`\n\n| c | d |\n\nOne-minute load average while measuring: 3.00 to 4.00.\n\n"
        "Not measured: express-l0: the bench drives Django rungs only so far\n\n"
    )
    kept = bench.blocks_of(old_section)
    assert list(kept) == ["django-l0", "django-l1"]
    assert kept["django-l1"].endswith(
        "Measured 2026-12-01 23:04 UTC; one-minute load average while measuring: 3.00 to 4.00."
    )
    assert bench.blocks_of(bench.section([], [], 10, kept)) == kept  # read back as written
    figures = _figures()
    text = bench.section([figures], ["express-l0: a reason", "django-l1: skipped now"], 10, kept)
    assert text.index("#### `django-l0`") < text.index("#### `django-l1`: `gunicorn config.wsgi`")
    assert "| c | d |" not in text  # measured again: the new table replaces the kept one
    assert "Not measured: express-l0: a reason" in text and "django-l1: skipped now" not in text


def test_an_image_size_is_carried_from_the_last_table_when_no_image_is_here() -> None:
    kept = "#### `django-l2`\n\n| image size | 233 MB | - |  |\n\nMeasured 2026-12-02 07:24 UTC; one-minute load"
    assert bench.carried_image("not built here (no podman)", kept) == (
        "233 MB (measured 2026-12-02 07:24 UTC; no image here now)"
    )
    assert bench.carried_image("240 MB", kept) == "240 MB"  # measured now: the new size wins
    assert bench.carried_image("not built here (no podman)", "") == "not built here (no podman)"
    carried = (
        "| image size | 233 MB (measured 2026-12-02 07:24 UTC; no image here now) | - |  |\nMeasured 2026-12-02 10:28"
    )
    assert bench.carried_image("not built here (no podman)", carried).startswith("233 MB (measured 2026-12-02 07:24")


# --------------------------------------------------------------------------- the JavaScript rungs' floor


def test_the_floor_runs_under_the_rungs_own_web_command(tmp_path: Path) -> None:
    (tmp_path / "Procfile").write_text("release: npm run migrate\nweb: node dist/src/cluster.js dist/src/server.js\n")
    cwd, command = floor.constant_floor(tmp_path, "express", "/tasks/", b"<html>our page</html>")
    assert (cwd, command) == (tmp_path, "node dist/src/cluster.js floor/server.js")
    assert (tmp_path / "floor" / "page.html").read_bytes() == b"<html>our page</html>"
    assert floor.floor_command("node dist/src/server.js", "express") == "node floor/server.js"
    with pytest.raises(ValueError, match=r"does not run dist/src/server\.js"):
        floor.floor_command("node .next/standalone/server.js", "express")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not on PATH")
def test_next_floor_is_node_http_sending_the_page_under_the_rungs_command(tmp_path: Path) -> None:
    procfile = 'web: env HOSTNAME="${HOST:-0.0.0.0}" node .next/standalone/server.js\n'
    (tmp_path / "Procfile").write_text(procfile)
    cwd, command = floor.constant_floor(tmp_path, "nextjs", "/tasks/", b"<html>our page</html>")
    assert command == 'env HOSTNAME="${HOST:-0.0.0.0}" node floor/server.js'
    port = free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1"}
    with background("node floor/server.js", cwd, env, tmp_path / "floor.log") as server:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health/live/", server, timeout=20)
        page = requests.get(f"{base}/tasks/", timeout=5)
        assert page.content == b"<html>our page</html>"
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert requests.get(f"{base}/health/live/", timeout=5).json() == {"status": "ok"}


def test_floor_rows_compare_the_floor_with_the_baseline() -> None:
    figures = _figures()
    assert bench.floor_rows(figures) == []  # Django rungs have none
    summary = load._parse(SUMMARY)
    figures.floor = bench.Served("floor", "node floor/server.js", Path("."), {})
    figures.floor_serves = floor.DESCRIPTION
    figures.floor.loads["HTML list"], figures.floor.cpu_ms["HTML list"] = summary, 2.0
    rows = {row[0]: row for row in bench.rows_of(figures)}
    floor_figure = "HTML list, the framework's floor (Node's http server sending a constant copy of this page)"
    assert rows[f"{floor_figure}: requests/s"][1:] == ("123", "123", "1.00x")
    assert rows[f"{floor_figure}: CPU per request (web process tree)"][1:] == ("2.0 ms", "8.0 ms", "0.25x")
    assert floor.web_of(REPO_ROOT / "reference-apps" / "nextjs-l1") == "nextjs"

"""ladder.measure: bench, load and baseline without a server: parsing, the table, the benchmarks section.

Nothing here measures or asserts a timing; the figures themselves are only printed and recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
import requests

from ladder.build.rungs import REPO_ROOT
from ladder.build.spec import parse
from ladder.measure import baseline, baseline_express, baseline_next, bench, floor, load, seed
from ladder.verify.databases import postgres_reason, scratch_database
from ladder.verify.processes import background, free_port, read_procfile, wait_for_http

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
    assert any(p.startswith("djangorestframework==") for p in pins)  # its ModelViewSet
    assert baseline.GUNICORN in pins
    assert not any(p.startswith(("django-filter", "drf-spectacular")) for p in pins)


def _point(cpu: float = 4.0, created: int | None = None, summary: str = SUMMARY) -> bench.Point:
    return bench.Point(load._parse(summary), cpu, created)


def _size(rows: int, ours_summary: str = SUMMARY, theirs_summary: str = SUMMARY) -> bench.SizeFigures:
    ours = bench.Served("django-l2", "gunicorn config.wsgi", Path("."), {"PORT": "1"})
    theirs = bench.Served("baseline", "gunicorn baseline.wsgi --workers 3", Path("."), {"PORT": "2"})
    for served, summary, cpu in ((ours, ours_summary, 4.0), (theirs, theirs_summary, 8.0)):
        served.points["HTML list", 8] = _point(cpu, summary=summary)
        served.points["API create", 8] = _point(cpu, created=1236, summary=summary)
        served.peak_rss, served.peak_pss = 300_000_000, 150_000_000
    return bench.SizeFigures(rows, ours, theirs, loads_seen=[1.5, 2.5])


def _figures() -> bench.AppFigures:
    figures = bench.AppFigures("django-l2", "django", "gunicorn config.wsgi", "gunicorn baseline.wsgi", 3)
    figures.cold_start, figures.baseline_cold_start, figures.image = 0.8, 0.5, "190 MB"
    figures.sizes = [_size(1000), _size(1_000_000)]
    return figures


def test_table_has_a_row_per_size_endpoint_and_connections_ours_beside_the_baseline() -> None:
    text = bench.markdown(_figures())
    assert (
        "| 1,000 | HTML list | 8 | 123 | 123 | 12.5 / 98.0 | 12.5 / 98.0 | 4.0 | 8.0 | 6 / 1234 | 6 / 1234 |" in text
    )
    for expected in (
        "| 1,000,000 | API create | 8 | 123 | 123 |",
        "6 / 1234, stored 1236",
        "#### `django-l2`: `gunicorn config.wsgi` (3 web processes) beside the baseline",
        "Cold start to `/health/live/` (median of 5): 0.80 s, baseline 0.50 s. Image: 190 MB.",
        "- 1,000 rows: peak memory of the web process tree under load 150 MB PSS (300 MB RSS summed)",
        "Targets missed: none.",
    ):
        assert expected in text
    assert text.endswith("one-minute load average while measuring: 1.50 to 2.50.")


SLOW = SUMMARY.replace("p99_us=98000", "p99_us=143000").replace("requests=1234", "requests=900")


def test_conditions_away_from_the_defaults_are_named_in_the_heading_and_reach_each_server() -> None:
    figures = _figures()
    assert bench.Conditions().default and ", each under" not in bench.markdown(figures)
    figures.conditions = bench.Conditions(512, "--max-semi-space-size=16")
    heading = bench.markdown(figures).splitlines()[0]
    assert heading.endswith(", each under a 512 MB memory limit, with `NODE_OPTIONS=--max-semi-space-size=16`")
    env = {"PORT": "1"}
    assert figures.conditions.environment(env) == {"PORT": "1", "NODE_OPTIONS": "--max-semi-space-size=16"}
    assert bench.Conditions(512).environment(env) is env


def test_a_run_that_got_no_answer_says_so() -> None:
    nothing = SUMMARY.replace("requests=1234", "requests=0")
    assert bench._cells(_point(1780.0, summary=nothing)) == ("0", "none within 10 s", "-", "6 / 0")
    assert bench._cells(bench.Point(bench.UNANSWERED, 0.0)) == ("0", "none within 30 s", "-", "1 / 0")
    assert bench.settle(os.getpid(), limit=2) < 2  # this process idles while it waits
    figures = _figures()
    figures.sizes[1].ours.points["HTML list", 8] = _point(summary=nothing)
    assert "HTML list at 1,000,000 rows, 8 connections: no answer within the run" in bench.targets(figures)


def test_settle_waits_for_a_query_still_running_after_the_load(tmp_path: Path) -> None:
    """A sync worker waiting on a slow query uses no CPU: settle asks the database too."""
    assert not bench.queries_running(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    with scratch_database("bench_settle") as url:
        assert not bench.queries_running(url)
        with background("psql -q -c 'SELECT pg_sleep(3)' " + url, tmp_path, os.environ, tmp_path / "psql.log"):
            deadline = time.monotonic() + 10
            while not bench.queries_running(url) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert bench.queries_running(url)
            assert bench.settle(os.getpid(), (url,), limit=10) > 1
        assert not bench.queries_running(url)


def test_missed_targets_say_by_how_much() -> None:
    figures = _figures()
    figures.sizes[1] = _size(1_000_000, ours_summary=SLOW)
    figures.sizes[0] = _size(1000, theirs_summary=SUMMARY.replace("requests=1234", "requests=2468"))
    figures.sizes[1].ours.peak_pss = 230_000_000
    figures.cold_start, figures.image = 1.25, "233 MB"
    assert set(bench.targets(figures)) == {
        "HTML list at 1,000,000 rows, 8 connections: p99 143 ms, 43 ms over 100 ms",
        "HTML list at 1,000,000 rows, 8 connections: 73% of its requests/s at 1,000 rows (target 80%)",
        "HTML list at 1,000 rows, 8 connections: 123 req/s, 50% fewer than the baseline's 247",
        "API create at 1,000,000 rows, 8 connections: p99 143 ms, 43 ms over 100 ms",
        "API create at 1,000,000 rows, 8 connections: 73% of its requests/s at 1,000 rows (target 80%)",
        "API create at 1,000 rows, 8 connections: 123 req/s, 50% fewer than the baseline's 247",
        "PSS under load 230 MB, 30 MB over 200 MB",
        "cold start 1.25 s, 0.25 s over 1.0 s",
        "image 233 MB, 33 MB over 200 MB",
    }
    assert bench.targets(_figures()) == []


def test_numbers_on_the_command_line_are_checked_by_name() -> None:
    assert bench.numbers("--rows")("1000,1_000_000") == (1000, 1_000_000)
    with pytest.raises(argparse.ArgumentTypeError, match="--rows: comma-separated whole numbers, not 'many'"):
        bench.numbers("--rows")("many")
    with pytest.raises(argparse.ArgumentTypeError, match="--connections: every number must be at least 1"):
        bench.numbers("--connections")("8,0")


def test_create_body_sets_every_editable_field_and_numbers_what_may_be_unique() -> None:
    entity = seed.measured_entity(LIBRARY)
    body = json.loads(bench.create_body(entity, {"author": 7}))
    assert body["title"] == "Bench {n}" and body["author"] == 7 and body["status"] == "draft"
    assert "added_at" not in body and "id" not in body
    endpoints = bench.endpoints_of(entity, 1000, "abc", "{}")
    assert [e.path for e in endpoints] == [
        "/books/",
        "/books/?q=quixotic",
        "/books/?page=50",
        "/api/books/",
        "/api/books/abc/",
        "/api/books/",
    ]
    assert endpoints[-1].post == "{}"


def test_post_script_numbers_each_body_and_refuses_a_body_that_ends_the_lua_string() -> None:
    script = load.post_script('{"title": "Bench {n}"}', {"Authorization": "Token abc"}, "r1")
    assert 'wrk.headers["Authorization"] = "Token abc"' in script and 'wrk.method = "POST"' in script
    assert '[==[{"title": "Bench {n}"}]==]' in script
    with pytest.raises(ValueError, match="body"):
        load.post_script("]==]", {}, "r1")


def test_section_is_replaced_between_the_markers(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# Title\n\n{bench.BEGIN}\nold figures\n{bench.END}\n\n## Next\n", encoding="utf-8")
    bench.write_page(bench.section([_figures()], ["django-l9: skipped for a reason"], 10), page)
    text = page.read_text(encoding="utf-8")
    assert "old figures" not in text
    assert "| 1,000 | HTML list | 8 | 123 | 123 |" in text
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

LIBRARY = parse(
    {
        "Author": {"name": "str(100) required unique", "email": "email", "bio": "text"},
        "Book": {
            "id": "uuid pk",
            "title": "str(200) required",
            "author": "ref Author required",
            "status": "enum(draft|published|archived)=draft",
            "price": "decimal(8,2)",
            "rating": "float",
            "pages": "int",
            "published_on": "date",
            "in_print": "bool=true",
            "added_at": "datetime auto_add",
        },
        "Loan": {"book": "ref Book required", "borrower": "str(100) required", "due_on": "date required"},
    }
)
BOOK_COLUMNS = ("id", "title", "author", "status", "price", "rating", "pages", "published_on", "in_print", "added_at")


def _book_table(author_column: str = "author") -> seed.Table:
    names = [author_column if name == "author" else name for name in BOOK_COLUMNS]
    return seed.Table("book", {name: seed.Column(name, "text", name != "id", False) for name in names})


def test_express_baseline_orders_as_the_entity_does() -> None:
    assert baseline_express.order_by(["-added_at", "-id"], _book_table()) == "added_at DESC, id DESC"
    assert baseline_express.order_by(["title"], _book_table()) == "title ASC"
    with pytest.raises(ValueError, match="table book has no column for the field 'created_at'"):
        baseline_express.order_by(["-created_at"], _book_table())


def test_express_baseline_installs_express_ejs_and_the_reference_apps_driver_pin() -> None:
    for rung, driver, dialect in (("express-l0", "better-sqlite3", "sqlite"), ("nextjs-l1", "pg", "postgresql")):
        reference = REPO_ROOT / "reference-apps" / rung
        pinned = json.loads((reference / "package.json").read_text(encoding="utf-8"))["dependencies"][driver]
        dependencies = json.loads(baseline_express.package_json(reference, dialect))["dependencies"]
        assert dependencies == {"ejs": baseline_express.EJS, "express": baseline_express.EXPRESS, driver: pinned}
    assert (baseline_express.web(1), baseline_express.web(3)) == ("node server.js", "node cluster.js 3")
    assert baseline_express.dialect_of("sqlite:////srv/x.sqlite3") == "sqlite"
    assert baseline_express.dialect_of("postgres://postgres@127.0.0.1/x") == "postgresql"


def test_express_baseline_reads_the_same_table_in_the_same_order() -> None:
    book = seed.measured_entity(LIBRARY)
    postgres = baseline_express.server_js(book, _book_table(), "postgresql")
    assert 'const TABLE = "book";' in postgres and 'const ORDER_BY = "added_at DESC, id DESC";' in postgres
    assert 'const COLUMNS = ["id", "title", "author", "status",' in postgres
    assert 'const SEARCH = "title";' in postgres and 'const ADDED_AT = ["added_at"];' in postgres
    assert '"in_print": "in_print"}' in postgres and "const PK_IS_UUID = true;" in postgres
    assert "os.userInfo().username" in postgres  # $USER may be unset: the OS user, as libpq takes it
    # ?q= in the form the rung's trigram index answers; SQLite's LIKE folds the case itself
    assert "`lower(${column}) LIKE lower(${mark})`" in postgres and "ILIKE" not in postgres
    sqlite = baseline_express.server_js(book, _book_table("author_id"), "sqlite")
    assert 'from "better-sqlite3"' in sqlite and "pg.Pool" not in sqlite
    assert '"author": "author_id"' in sqlite
    assert "`${column} LIKE ${mark}`" in sqlite
    env = {"PATH": "/usr/bin", "HOME": "/home/bench", "DATABASE_URL": "sqlite:////srv/x.sqlite3", "SECRET_KEY": "s"}
    assert baseline_express.baseline_env(env, 8123) == {
        "PATH": "/usr/bin",
        "HOME": "/home/bench",
        "NODE_ENV": "production",
        "DATABASE_URL": "sqlite:////srv/x.sqlite3",
        "PORT": "8123",
    }


# --------------------------------------------------------------------------- seeding from the entity model


def test_the_measured_entity_gets_the_rows_and_is_written_after_what_it_refers_to() -> None:
    assert seed.measured_entity(LIBRARY)["name"] == "Book"
    assert seed.row_counts(LIBRARY, 1000) == {"Author": 100, "Book": 1000, "Loan": 100}
    assert seed.row_counts(LIBRARY, 5) == {"Author": 1, "Book": 5, "Loan": 1}
    assert [e["name"] for e in seed.seeding_order(LIBRARY)] == ["Author", "Book", "Loan"]
    reversed_model = {"entities": list(reversed(LIBRARY["entities"]))}
    assert [e["name"] for e in seed.seeding_order(reversed_model)] == ["Author", "Book", "Loan"]
    with pytest.raises(ValueError, match="rows: must be at least 1, not 0"):
        seed.row_counts(LIBRARY, 0)
    by_name = {e["name"]: e for e in LIBRARY["entities"]}
    assert seed.ordering_of(by_name["Book"]) == ["-added_at", "-id"]
    assert seed.ordering_of(by_name["Author"]) == ["-created_at", "-id"]
    assert (seed.deep_page(1_000_000), seed.deep_page(1000), seed.deep_page(5)) == (1000, 50, 1)


def _django_tables() -> dict[str, seed.Table]:
    def table(name: str, columns: dict[str, str], identity: bool = True) -> seed.Table:
        made = {
            n: seed.Column(n, t, n not in ("id", "created_at"), n == "id" and identity) for n, t in columns.items()
        }
        return seed.Table(name, made)

    return {
        "Author": table(
            "library_author",
            {"id": "bigint", "name": "character varying(100)", "email": "character varying(254)", "bio": "text"}
            | {"created_at": "timestamp with time zone"},
        ),
        "Book": table(
            "library_book",
            {"id": "uuid", "title": "character varying(200)", "author_id": "bigint", "status": "character varying(9)"}
            | {"price": "numeric(8,2)", "rating": "double precision", "pages": "integer", "published_on": "date"}
            | {"in_print": "boolean", "added_at": "timestamp with time zone"},
            identity=False,
        ),
        "Loan": table(
            "library_loan",
            {"id": "bigint", "book_id": "uuid", "borrower": "character varying(100)", "due_on": "date"}
            | {"created_at": "timestamp with time zone"},
        ),
    }


def test_postgresql_seeding_is_one_insert_select_per_entity_then_vacuum_analyze_and_a_checkpoint() -> None:
    ctx = seed.context(LIBRARY, 1_000_000, _django_tables(), "postgresql")
    author, book, loan, vacuum, checkpoint = seed.seed_script(ctx, LIBRARY)
    assert author.startswith('INSERT INTO "library_author" ("name", "email", "bio", "created_at")')
    assert author.endswith("FROM generate_series(1, 100000) AS s(i);")
    assert '"id"' not in author.split("\n")[0]  # the identity numbers the rows
    assert book.startswith('INSERT INTO "library_book" ("id", "title", "author_id", "status",')
    assert "CAST((lpad(to_hex(2), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0')) AS uuid)" in book
    assert 'CAST(((SELECT min("id") FROM "library_author") + (i % 100000)) AS bigint)' in book
    assert "CASE WHEN i % 200000 = 0 THEN 'Quixotic ' ELSE '' END" in book  # five rows match ?q=quixotic
    assert "lpad(to_hex((i % 1000000) + 1), 12, '0')) AS uuid)" in loan  # a Loan's book is a Book's UUID
    assert vacuum == 'VACUUM ANALYZE "library_author", "library_book", "library_loan";'
    assert checkpoint == "CHECKPOINT;"


def test_a_column_the_model_does_not_name_is_refused_by_name_when_nothing_can_fill_it() -> None:
    tables = _django_tables()
    columns = {**tables["Book"].columns, "shelf": seed.Column("shelf", "text", False, False)}
    tables["Book"] = seed.Table("library_book", columns)
    ctx = seed.context(LIBRARY, 10, tables, "postgresql")
    with pytest.raises(ValueError, match=r"library_book\.shelf: NOT NULL without a default, and not a field of Book"):
        seed.insert_sql(seed.measured_entity(LIBRARY), ctx)
    with pytest.raises(ValueError, match="dialect: postgresql or sqlite, not 'mysql'"):
        seed.context(LIBRARY, 10, tables, "mysql")


SQLITE_SCHEMA = """
CREATE TABLE author (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, name text NOT NULL UNIQUE, email text,
  bio text, created_at text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL);
CREATE TABLE book (id text PRIMARY KEY NOT NULL, title text NOT NULL, author integer NOT NULL REFERENCES author(id),
  status text, price text, rating real, pages integer, published_on text, in_print integer NOT NULL,
  added_at text NOT NULL);
CREATE TABLE loan (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, book text NOT NULL REFERENCES book(id),
  borrower text NOT NULL, due_on text NOT NULL, created_at text NOT NULL);
"""


def test_sqlite_seeding_writes_rows_that_refer_to_rows_that_exist(tmp_path: Path) -> None:
    path = tmp_path / "bench.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(SQLITE_SCHEMA)
    url = f"sqlite:///{path}"
    tables = seed.seed(url, LIBRARY, "library", 1000, iso_datetimes=True)
    assert {name: table.name for name, table in tables.items()} == {"Author": "author", "Book": "book", "Loan": "loan"}
    assert [seed.count_rows(url, t) for t in ("author", "book", "loan")] == [100, 1000, 100]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM book WHERE title LIKE '%quixotic%'").fetchone()[0] == 5
        assert db.execute("SELECT count(*) FROM book JOIN author ON author.id = book.author").fetchone()[0] == 1000
        assert db.execute("SELECT count(*) FROM loan JOIN book ON book.id = loan.book").fetchone()[0] == 100
        newest = db.execute("SELECT added_at, price, in_print FROM book ORDER BY added_at DESC LIMIT 1").fetchone()
    assert newest[0].endswith("Z") and "T" in newest[0] and newest[1].count(".") == 1 and newest[2] in (0, 1)
    assert len(seed.first_value(url, "book", "id")) == 36
    with pytest.raises(ValueError, match="no table for this entity in the database"):
        seed.read_table(url, ["library_shelf", "shelf"])


# What Django's migrations create on SQLite: a UUID is a char(32) of hex digits, without dashes.
DJANGO_SQLITE_SCHEMA = """
CREATE TABLE library_author (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, name varchar(100) NOT NULL UNIQUE,
  email varchar(254) NOT NULL, bio text NOT NULL, created_at datetime NOT NULL);
CREATE TABLE library_book (id char(32) PRIMARY KEY NOT NULL, title varchar(200) NOT NULL,
  author_id bigint NOT NULL REFERENCES library_author(id), status varchar(9) NOT NULL, price decimal NULL,
  rating real NULL, pages integer NULL, published_on date NULL, in_print bool NOT NULL, added_at datetime NOT NULL);
CREATE TABLE library_loan (id integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  book_id char(32) NOT NULL REFERENCES library_book(id), borrower varchar(100) NOT NULL, due_on date NOT NULL,
  created_at datetime NOT NULL);
"""


def test_sqlite_seeding_writes_uuids_as_django_stores_them(tmp_path: Path) -> None:
    path = tmp_path / "bench.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(DJANGO_SQLITE_SCHEMA)
    url = f"sqlite:///{path}"
    seed.seed(url, LIBRARY, "library", 100)
    stored = seed.first_value(url, "library_book", "id")
    assert len(stored) == 32 and "-" not in stored
    assert seed.dashed_uuid(stored) == "00000002-0000-4000-8000-000000000001"
    with sqlite3.connect(path) as db:
        joined = db.execute("SELECT count(*) FROM library_loan JOIN library_book ON library_book.id = book_id")
        assert joined.fetchone()[0] == 10


@pytest.mark.skipif(postgres_reason() is not None, reason=f"PostgreSQL: {postgres_reason()}")
def test_postgresql_seeding_of_django_shaped_tables(tmp_path: Path) -> None:
    schema = """
    CREATE TABLE library_author (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      name varchar(100) NOT NULL UNIQUE, email varchar(254) NOT NULL, bio text NOT NULL,
      created_at timestamptz NOT NULL);
    CREATE TABLE library_book (id uuid PRIMARY KEY, title varchar(200) NOT NULL,
      author_id bigint NOT NULL REFERENCES library_author(id), status varchar(9) NOT NULL, price numeric(8,2),
      rating double precision, pages integer, published_on date, in_print boolean NOT NULL,
      added_at timestamptz NOT NULL);
    CREATE INDEX book_title_upper ON library_book (upper(title));
    CREATE TABLE library_loan (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      book_id uuid NOT NULL REFERENCES library_book(id), borrower varchar(100) NOT NULL, due_on date NOT NULL,
      created_at timestamptz NOT NULL);
    """
    with scratch_database("bench_unit") as url:
        seed.psql(url, schema)
        tables = seed.seed(url, LIBRARY, "library", 1000)
        assert tables["Book"].columns["author_id"].type == "bigint"
        assert [seed.count_rows(url, f"library_{t}") for t in ("author", "book", "loan")] == [100, 1000, 100]
        found = seed.scalar(url, "SELECT count(*) FROM library_book WHERE upper(title) LIKE '%QUIXOTIC%';")
        assert found == "5"
        kept = seed.scalar(url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'book_title_upper';")
        assert kept == "1"  # dropped for the load, built again after it


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
    assert text.index("#### `django-l0`") < text.index("#### `django-l1`") < text.index("#### `django-l2`: `gunicorn")
    assert "Not measured: express-l0: a reason" in text and "django-l1: skipped now" not in text
    figures.rung = "django-l1"
    text = bench.section([figures], [], 10, kept)
    assert "| c | d |" not in text  # measured again: the new table replaces the kept one


def test_an_image_size_is_carried_from_the_last_table_when_no_image_is_here() -> None:
    kept = "#### `django-l2`\n\nCold start ... Image: 233 MB.\n\nMeasured 2026-12-02 07:24 UTC; one-minute load"
    assert bench.carried_image("not built here (no podman)", kept) == (
        "233 MB (measured 2026-12-02 07:24 UTC; no image here now)"
    )
    assert bench.carried_image("240 MB", kept) == "240 MB"  # measured now: the new size wins
    assert bench.carried_image("not built here (no podman)", "") == "not built here (no podman)"
    carried = "Image: 233 MB (measured 2026-12-02 07:24 UTC; no image here now).\nMeasured 2026-12-02 10:28"
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
    size = _size(1000)
    assert len(bench.table_rows(size)) == 2  # Django rungs have no floor
    size.floor = bench.Served("floor", "node floor/server.js", Path("."), {})
    size.floor.points["HTML list", 8] = _point(2.0)
    rows = bench.table_rows(size)
    assert rows[1].startswith("| 1,000 | HTML list: the framework's floor | 8 | 123 | 123 |")
    assert "| 2.0 | 8.0 |" in rows[1]
    assert floor.web_of(REPO_ROOT / "reference-apps" / "nextjs-l1") == "nextjs"
    assert floor.web_of(REPO_ROOT / "reference-apps" / "express-l0") == "express"


# --------------------------------------------------------------------------- the Next.js baseline


def test_next_baseline_declares_the_table_as_the_database_has_it() -> None:
    tables = _django_tables()
    book = seed.Table("book", {**tables["Book"].columns})
    book.columns["author"] = seed.Column("author", "integer", False, False)
    del book.columns["author_id"]
    db = baseline_next.db_js(seed.measured_entity(LIBRARY), book)
    assert 'export const table = pgTable("book", {' in db
    assert '"id": uuid("id"),' in db and '"title": varchar("title", { length: 200 }),' in db
    assert '"price": numeric("price", { precision: 8, scale: 2 }),' in db
    assert '"added_at": timestamp("added_at", { withTimezone: true }),' in db
    assert 'export const ORDER = [["added_at", true], ["id", true]];' in db
    assert 'export const SEARCH = "title";' in db and 'export const ADDED_AT = ["added_at"];' in db
    assert "import { boolean, date, doublePrecision, integer, numeric, pgTable, timestamp, uuid, varchar }" in db
    with pytest.raises(ValueError, match=r"book\.shape: the Next\.js baseline has no Drizzle column for type 'point'"):
        baseline_next.drizzle_column("book", seed.Column("shape", "point", True, False))


def test_next_baseline_installs_the_rungs_pins_and_answers_its_paths() -> None:
    reference = REPO_ROOT / "reference-apps" / "nextjs-l1"
    pinned = json.loads((reference / "package.json").read_text(encoding="utf-8"))["dependencies"]
    dependencies = json.loads(baseline_next.package_json(reference))["dependencies"]
    assert dependencies == {name: pinned[name] for name in baseline_next.SAME_PINS}
    with pytest.raises(ValueError, match="no pin of next, react, react-dom"):
        baseline_next.package_json(REPO_ROOT / "reference-apps" / "express-l0")
    book = _book_table()
    paths = baseline_next.files(seed.measured_entity(LIBRARY), book)
    assert {"app/books/page.js", "app/api/books/route.js", "app/api/books/[pk]/route.js"} <= set(paths)
    assert paths["next.config.mjs"] == "export default { trailingSlash: true };\n"
    assert "/^Token (\\S+)$/" in paths["app/api/books/route.js"]
    assert "sql`lower(${table[SEARCH]}) like lower(${`%${q}%`})`" in paths["list.js"]


def test_a_front_door_is_measured_with_what_runs_behind_it() -> None:
    """Level 4: the web command starts the API and the frontend, then the front door in the shell's place, and
    the app counts as ready when the frontend is (it asks the API); a lower rung's web is its Procfile's."""
    level_four = REPO_ROOT / "reference-apps" / "django-l4"
    procfile = read_procfile(level_four)
    command = bench.web_command(level_four)
    assert command == f"{procfile['api']} & {procfile['frontend']} & exec {procfile['web']}"
    assert bench.ready_path(level_four) == "/frontend-health/ready/"
    level_two = REPO_ROOT / "reference-apps" / "django-l2"
    assert bench.web_command(level_two) == read_procfile(level_two)["web"]
    assert bench.ready_path(level_two) == "/health/live/"


def test_a_front_door_tree_stops_as_one(tmp_path: Path) -> None:
    """One process tree: the door's process is the parent of what runs behind it, and stopping it stops all."""
    (tmp_path / "Procfile").write_text("web: sleep 300\napi: sleep 301\nfrontend: sleep 302\n")
    with background(bench.web_command(tmp_path), tmp_path, dict(os.environ), tmp_path / "log") as process:
        for _ in range(100):
            members = load.descendants(process.pid)
            if len(members) == 3:
                break
            time.sleep(0.05)
        assert len(members) == 3  # the door's stand-in, and the API's and the frontend's as its children
    for _ in range(100):
        if not any(Path(f"/proc/{pid}").exists() for pid in members):
            break
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in members)

"""ladder.measure.bench_graphql without a server: the queries, their REST pairs, and how answers are checked.

Nothing here measures or asserts a timing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ladder.build import rungs
from ladder.build.spec import model_of_project
from ladder.measure import bench, bench_graphql, seed
from ladder.verify.databases import postgres_reason, scratch_database

MODEL = model_of_project(rungs.get("fraiseql-l1").reference_dir)


def test_each_graphql_query_is_paired_with_the_rest_request_of_the_same_rows() -> None:
    pairs = bench_graphql.pairs(MODEL, "00000002-0000-4000-8000-000000000001")
    assert [p.ours.label for p in pairs] == ["list of 20", "one object", "search ?q="]
    assert [p.theirs.path for p in pairs] == [
        "/api/books/",
        "/api/books/00000002-0000-4000-8000-000000000001/",
        f"/api/books/?q={seed.NEEDLE.lower()}",
    ]
    queries = [json.loads(p.ours.post or "")["query"] for p in pairs]
    assert queries[0].startswith("{ books(limit: 20) { id title author { id name email website bio royaltyRate }")
    assert queries[1].startswith('{ book(id: "00000002-0000-4000-8000-000000000001") { id title author {')
    assert queries[2].startswith(f'{{ books(limit: 20, q: "{seed.NEEDLE.lower()}") {{ id title author {{')
    assert "sequelTo { id }" in queries[0]  # a reference below the first level is its pk
    assert all(p.ours.graphql and not p.ours.creates and p.ours.path == "/graphql" for p in pairs)


def test_a_graphql_query_is_sent_anonymously_and_a_create_with_the_token() -> None:
    query = bench.Endpoint("list of 20", "/graphql", '{"query": "{ books { id } }"}', graphql=True)
    create = bench.Endpoint("API create", "/api/books/", '{"title": "Bench {n}"}')
    assert bench.post_of(query, "secret") == (query.post, {"Content-Type": "application/json"})
    assert bench.post_of(create, "secret") == (create.post, bench.json_headers("secret"))
    assert bench.post_of(bench.Endpoint("API list", "/api/books/"), "secret") is None
    assert create.creates and not query.creates


class _Answers(BaseHTTPRequestHandler):
    """A stand-in GraphQL endpoint: /errors answers 200 with errors, /data 200 with data, as GraphQL does."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        refused = {"errors": [{"message": "no"}], "data": None}
        body = json.dumps(refused if self.path == "/errors" else {"data": {"books": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@contextmanager
def _graphql_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield str(server.server_address[1])
    finally:
        server.shutdown()
        thread.join()


def test_a_graphql_answer_with_errors_is_not_measured() -> None:
    with _graphql_server() as port:
        served = bench.Served("fraiseql-l1", "-", Path("."), {"PORT": port})
        query = '{"query": "{ books { id } }"}'
        bench.check_answers(served, bench.Endpoint("list of 20", "/data", query, graphql=True), "")
        with pytest.raises(RuntimeError, match="GraphQL errors"):
            bench.check_answers(served, bench.Endpoint("list of 20", "/errors", query, graphql=True), "")
        # A server answers a label by its own route: the baseline's GET where ours is a POST.
        served.routes = {"list of 20": bench.Endpoint("list of 20", "/errors", query, graphql=True)}
        with pytest.raises(RuntimeError, match="GraphQL errors"):
            bench.check_answers(served, bench.Endpoint("list of 20", "/data", query, graphql=True), "")


def test_the_fraiseql_track_has_no_resource_targets() -> None:
    figures = bench.AppFigures("fraiseql-l1", "fraiseql", "python -m library serve", "django-l1", 1)
    figures.cold_start, figures.image = 9.0, "900 MB"
    size = bench.SizeFigures(1000, bench.Served("a", "-", Path("."), {}), bench.Served("b", "-", Path("."), {}))
    size.ours.peak_pss = 900_000_000
    figures.sizes = [size]
    assert bench.resource_targets(figures) == []


@pytest.mark.skipif(postgres_reason() is not None, reason=f"PostgreSQL: {postgres_reason()}")
def test_postgresql_seeding_of_the_fraiseql_tables() -> None:
    """The FraiseQL track's tables (`tb_<entity>`, an identity pk beside a uuid id) take the bench's rows."""
    schema = (rungs.get("fraiseql-l1").reference_dir / "db" / "migrations" / "002_entities.up.sql").read_text()
    with scratch_database("bench_graphql_unit") as url:
        seed.psql(url, schema)
        tables = seed.seed(url, MODEL, "library", 1000)
        assert tables["Book"].name == "tb_book"
        assert [seed.count_rows(url, f"tb_{t}") for t in ("author", "book", "loan")] == [100, 1000, 100]
        found = seed.scalar(url, "SELECT count(*) FROM v_book WHERE data ->> 'title' LIKE '%Quixotic%';")
        assert found == "5"

"""Unit tests of the contract driver's pure parts, plus two cheap end-to-end runs: against a closed port
and against a tiny stdlib server that serves only health, auth and 404."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from ladder.verify.contract import (
    CheckResult,
    Target,
    ValueFactory,
    build_payload,
    control_names,
    csv_problems,
    detail_id,
    entity_order,
    error_body_problem,
    main,
    parse_forms,
    patch_field,
    pick_form,
    ready_check_names,
    run_contract,
    submit_form,
    to_form,
    validation_cases,
    values_match,
)


def fld(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    """A field dict shaped like docs/entity-model.md's, defaults filled in."""
    base: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "max_length": None,
        "max_digits": None,
        "decimal_places": None,
        "choices": [],
        "target": None,
        "required": False,
        "unique": False,
        "auto_add": False,
        "auto_now": False,
        "editable": True,
        "has_default": False,
        "default": None,
    }
    base.update(extra)
    return base


def ent(name: str, *fields: dict[str, Any], pk_kind: str = "int") -> dict[str, Any]:
    return {
        "name": name,
        "snake": name.lower(),
        "plural": name.lower() + "s",
        "search": [f["name"] for f in fields if f["kind"] in ("str", "text")],
        "pk": {"name": "id", "kind": pk_kind},
        "fields": list(fields),
    }


# --------------------------------------------------------------------------- generated values


@pytest.mark.parametrize("max_length", [1, 3, 5, 8, 12, 30, 200])
def test_str_values_fit_max_length(max_length: int) -> None:
    factory = ValueFactory(seed=1)
    f = fld("name", "str", max_length=max_length)
    values = [factory.value(f, n) for n in range(1, 60)]
    assert all(isinstance(v, str) and 0 < len(v) <= max_length for v in values)
    if max_length >= 3:  # 36**3 values: room enough to stay unique
        assert len(set(values)) == len(values)


def test_str_without_max_length_carries_tag_and_token() -> None:
    factory = ValueFactory(seed=2)
    value = factory.value(fld("title", "str"), 7, tag="Needle")
    assert value == f"Needle-{factory.token}-7"


@pytest.mark.parametrize(("digits", "places"), [(5, 2), (3, 0), (1, 1), (2, 2), (12, 4), (6, 5)])
def test_decimal_values_respect_digits_and_places(digits: int, places: int) -> None:
    factory = ValueFactory(seed=3)
    f = fld("price", "decimal", max_digits=digits, decimal_places=places)
    for n in range(1, 40):
        text = factory.value(f, n)
        assert isinstance(text, str)
        number = Decimal(text)
        exponent = number.as_tuple().exponent
        assert exponent == -places, text  # exactly `places` decimals, as the app stores it
        assert abs(number) < Decimal(10) ** (digits - places), text
        assert len(text.replace(".", "").lstrip("0") or "0") <= digits, text


def test_enum_values_are_choices_and_cover_them() -> None:
    factory = ValueFactory(seed=4)
    f = fld("state", "enum", choices=["todo", "doing", "done"])
    values = {factory.value(f, n) for n in range(10)}
    assert values == {"todo", "doing", "done"}


def test_numeric_values_are_unique_and_fit_32_bits() -> None:
    factory = ValueFactory(seed=5)
    ints = [factory.value(fld("n", "int"), n) for n in range(1, 100)]
    assert len(set(ints)) == len(ints)
    assert all(isinstance(i, int) and 0 < i < 2**31 for i in ints)
    floats = [factory.value(fld("x", "float"), n) for n in range(1, 100)]
    assert len(set(floats)) == len(floats) and all(isinstance(x, float) for x in floats)


def test_date_datetime_email_url_uuid_bool_values() -> None:
    factory = ValueFactory(seed=6)
    day = factory.value(fld("d", "date"), 3)
    assert datetime.strptime(day, "%Y-%m-%d")
    moment = datetime.fromisoformat(factory.value(fld("t", "datetime"), 3))
    assert moment.tzinfo is not None and moment.second == 0 and moment.microsecond == 0
    emails = {factory.value(fld("e", "email"), n) for n in range(1, 20)}
    assert len(emails) == 19 and all("@" in e and e == e.lower() for e in emails)
    assert factory.value(fld("u", "url"), 1).startswith("https://")
    first, second = (
        factory.value(fld("k", "uuid"), 1),
        factory.value(fld("k", "uuid"), 1),
    )
    assert first != second and first[14] == "4"  # a version-4 uuid, fresh each time
    assert [factory.value(fld("b", "bool"), n) for n in range(4)] == [
        False,
        True,
        False,
        True,
    ]


def test_seeded_factories_agree() -> None:
    assert ValueFactory(seed=9).token == ValueFactory(seed=9).token
    assert ValueFactory(seed=9).base == ValueFactory(seed=9).base


def test_payload_skips_non_editable_and_takes_refs() -> None:
    entity = ent(
        "Task",
        fld("title", "str", max_length=20, required=True),
        fld("project", "ref", target="Project"),
        fld("created_at", "datetime", auto_add=True, editable=False),
    )
    payload = build_payload(entity, ValueFactory(seed=7), {"project": 42})
    assert set(payload) == {"title", "project"}
    assert payload["project"] == 42
    assert len(payload["title"]) <= 20


def test_two_payloads_differ_on_unique_fields() -> None:
    entity = ent(
        "Tag",
        fld("slug", "str", max_length=10, unique=True),
        fld("n", "int", unique=True),
    )
    factory = ValueFactory(seed=8)
    one, two = build_payload(entity, factory, {}), build_payload(entity, factory, {})
    assert one["slug"] != two["slug"] and one["n"] != two["n"]


def test_form_encoding() -> None:
    entity = ent(
        "Event",
        fld("done", "bool"),
        fld("public", "bool"),
        fld("at", "datetime"),
        fld("on", "date"),
        fld("price", "decimal", max_digits=5, decimal_places=2),
        fld("owner", "ref", target="User"),
        fld("note", "text"),
    )
    form = to_form(
        entity,
        {
            "done": True,
            "public": False,
            "at": "2024-05-06T07:08:00+00:00",
            "on": "2024-05-06",
            "price": "12.50",
            "owner": 3,
            "note": None,
        },
    )
    assert form == {
        "done": "on",
        "at": "2024-05-06T07:08",
        "on": "2024-05-06",
        "price": "12.50",
        "owner": "3",
        "note": "",
    }


# --------------------------------------------------------------------------- model helpers


def names(entities: list[dict[str, Any]]) -> list[str]:
    return [e["name"] for e in entities]


def test_order_puts_targets_first() -> None:
    comment = ent(
        "Comment",
        fld("post", "ref", target="Post"),
        fld("author", "ref", target="User"),
    )
    post = ent("Post", fld("author", "ref", target="User"))
    user = ent("User", fld("name", "str", max_length=10))
    assert names(entity_order([comment, post, user])) == ["User", "Post", "Comment"]


def test_order_keeps_spec_order_when_free() -> None:
    a, b, c = ent("A"), ent("B"), ent("C")
    assert names(entity_order([b, c, a])) == ["B", "C", "A"]


def test_order_ignores_self_refs() -> None:
    category = ent("Category", fld("parent", "ref", target="Category"))
    item = ent("Item", fld("category", "ref", target="Category"))
    assert names(entity_order([item, category])) == ["Category", "Item"]


@pytest.mark.parametrize("size", [2, 3])
def test_order_breaks_cycles(size: int) -> None:
    ring = [ent(f"E{i}", fld("next", "ref", target=f"E{(i + 1) % size}")) for i in range(size)]
    leaf = ent("Leaf", fld("e0", "ref", target="E0"))
    ordered = entity_order([leaf, *ring])
    # It ended, with each entity once, and Leaf still waits for the cycle it points into.
    assert sorted(names(ordered)) == sorted(names([leaf, *ring]))
    assert names(ordered).index("E0") < names(ordered).index("Leaf")


def test_order_breaks_a_cycle_at_an_optional_ref() -> None:
    author = ent("Author", fld("best_book", "ref", target="Book", required=True))
    book = ent("Book", fld("author", "ref", target="Author"))  # optional: may start null
    assert names(entity_order([author, book])) == ["Book", "Author"]
    book["fields"][0]["required"] = True  # both required: spec order decides
    assert names(entity_order([author, book])) == ["Author", "Book"]


def test_order_ignores_unknown_targets() -> None:
    assert names(entity_order([ent("A", fld("x", "ref", target="Ghost"))])) == ["A"]


def test_validation_cases() -> None:
    entity = ent(
        "Task",
        fld("title", "str", max_length=50, required=True),
        fld("code", "str", max_length=8, unique=True, has_default=True, required=True),
        fld("body", "text"),
        fld("done", "bool", required=True),
        fld("points", "int"),
        fld("project", "ref", target="Project", required=True),
        fld("created", "datetime", auto_add=True, editable=False, required=True),
    )
    cases = [(rule, f["name"]) for rule, f in validation_cases(entity)]
    assert cases == [
        ("required", "title"),
        ("too_long", "title"),
        ("too_long", "code"),
        ("duplicate", "code"),
        ("wrong_type", "done"),
        ("wrong_type", "points"),
        ("required", "project"),
        ("bad_ref", "project"),
    ]


def test_patch_field_prefers_text_and_skips_refs() -> None:
    entity = ent("T", fld("p", "ref", target="P"), fld("n", "int"), fld("s", "str", max_length=5))
    chosen = patch_field(entity)
    assert chosen is not None and chosen["name"] == "s"
    assert patch_field(ent("R", fld("p", "ref", target="P"))) is None


# --------------------------------------------------------------------------- comparisons


def test_values_match_by_kind() -> None:
    assert values_match(fld("d", "decimal"), "12.50", 12.5)
    assert values_match(fld("d", "decimal"), "12.50", "12.5")
    assert not values_match(fld("d", "decimal"), "12.50", "12.51")
    assert values_match(fld("f", "float"), 1.25, "1.25")
    assert values_match(fld("t", "datetime"), "2024-01-01T10:00:00+00:00", "2024-01-01T11:00:00+01:00")
    assert values_match(fld("t", "datetime"), "2024-01-01T10:00:00+00:00", "2024-01-01T10:00:00Z")
    assert not values_match(fld("t", "datetime"), "2024-01-01T10:00:00+00:00", "2024-01-01T10:00:00+01:00")
    assert values_match(
        fld("t", "datetime"),
        "2024-01-01T10:00:00+00:00",
        "2024-01-01T10:00:00+02:00",
        wall_clock=True,
    )
    assert values_match(fld("r", "ref"), 5, "5")
    assert values_match(fld("r", "ref"), "ABC-1", "abc-1")
    assert not values_match(fld("r", "ref"), 5, {"id": 5})
    assert not values_match(fld("b", "bool"), True, 1)
    assert not values_match(fld("i", "int"), 3, "abc")  # no exception on garbage
    assert not values_match(fld("i", "int"), 1, True)
    assert values_match(fld("x", "str"), None, None)
    assert not values_match(fld("x", "str"), "a", None)
    assert values_match(
        fld("u", "uuid"),
        "6A2F41A3-C54C-4A0E-8E4C-5F9B3E0B1B9D",
        "6a2f41a3c54c4a0e8e4c5f9b3e0b1b9d",
    )


def test_error_body_problem() -> None:
    assert error_body_problem({"title": ["This field is required."]}, "title") is None
    assert "does not name" in str(error_body_problem({"other": ["x"]}, "title"))
    assert "list of strings" in str(error_body_problem({"title": "required"}, "title"))
    assert "list of strings" in str(error_body_problem({"title": [{"code": 1}]}, "title"))
    assert "not a JSON object" in str(error_body_problem(["title"], "title"))


def test_detail_id() -> None:
    base = "http://127.0.0.1:8000"
    assert detail_id("/tasks/12/", base, "tasks") == "12"
    assert detail_id("http://127.0.0.1:8000/tasks/ab-cd/", base, "tasks") == "ab-cd"
    assert detail_id("/tasks/12", base, "tasks") == "12"  # the JavaScript track has no trailing slash
    assert detail_id("/tasks/", base, "tasks") is None
    assert detail_id("/tasks/new/", base, "tasks") is None
    assert detail_id("/tasks/12/edit/", base, "tasks") is None
    assert detail_id("/boxes/12/", base, "tasks") is None
    assert detail_id("/app/tasks/7/", base + "/app", "tasks") == "7"


def test_ready_check_names() -> None:
    assert ready_check_names({"status": "ok", "checks": {"database": "ok", "cache": "ok"}}) == [
        "database",
        "cache",
    ]
    listed = {
        "status": "ok",
        "checks": [{"name": "db", "state": "ok"}, {"name": "redis"}],
    }
    assert ready_check_names(listed) == ["db", "redis"]
    assert ready_check_names({"status": "ok"}) == []


# --------------------------------------------------------------------------- HTML

LOGIN_PAGE = """<!doctype html><html><body>
<form method="get" action="/search/"><input type="hidden" name="scope" value="all"><input name="q"></form>
<form method="POST" action="/accounts/login/">
  <INPUT TYPE="HIDDEN" NAME="csrfmiddlewaretoken" VALUE="tok&amp;en">
  <input type="hidden" name="next" value="/tasks/new/"/>
  <input type="text" name="username"><input type="password" name="password">
  <button type="submit">Log in</button>
</form>
<input type="hidden" name="stray" value="outside any form">
</body></html>"""


def test_hidden_inputs_of_the_submitted_form_only() -> None:
    forms = parse_forms(LOGIN_PAGE)
    login = next(f for f in forms if f.has_password())
    assert login.method == "post" and login.action == "/accounts/login/"
    assert login.hidden_inputs() == {
        "csrfmiddlewaretoken": "tok&en",
        "next": "/tasks/new/",
    }
    search = forms[0]
    assert not search.has_password() and search.hidden_inputs() == {"scope": "all"}


ENTITY_PAGE = """<html><body>
<form action="/tasks/"><input name="q"></form>
<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc">
<input name="title" maxlength="200"><textarea name="notes"></textarea>
<input type="checkbox" name="done"><select name="project"><option value="1">P</option></select></form>
</body></html>"""


def test_pick_form_and_control_names() -> None:
    form = pick_form(parse_forms(ENTITY_PAGE), ["title", "notes", "done", "project"])
    assert form is not None and form.hidden_inputs() == {"csrfmiddlewaretoken": "abc"}
    assert form.names() == {"csrfmiddlewaretoken", "title", "notes", "done", "project"}
    assert {"title", "notes", "done", "project", "q"} <= control_names(ENTITY_PAGE)
    assert pick_form(parse_forms(ENTITY_PAGE), ["nothing"]) is None


# A Server Action form as React writes it (no action: the page's own URL; multipart; the action's id and
# bound arguments in hidden inputs), and a URL-encoded form posting to a relative action.
ACTION_PAGE = """<html><body>
<form action="" encType="multipart/form-data" method="POST"><input type="hidden" name="$ACTION_REF_1"/>
<input type="hidden" name="$ACTION_1:0" value="{&quot;id&quot;:&quot;7f&quot;,&quot;bound&quot;:&quot;$@1&quot;}"/>
<input type="hidden" name="$ACTION_KEY" value="k1"/><input name="title"/></form>
<form method="post" action="delete/" enctype="text/nonsense"><input type="hidden" name="_csrf" value="t"></form>
</body></html>"""


def test_form_target_and_enctype() -> None:
    action, delete = parse_forms(ACTION_PAGE)
    page_url = "http://127.0.0.1/tasks/new/?next=%2F"
    assert action.multipart and action.target(page_url) == page_url
    assert action.hidden_inputs() == {
        "$ACTION_REF_1": "",
        "$ACTION_1:0": '{"id":"7f","bound":"$@1"}',
        "$ACTION_KEY": "k1",
    }
    assert not delete.multipart and delete.target("http://127.0.0.1/tasks/1/") == "http://127.0.0.1/tasks/1/delete/"


class _Recorder(BaseHTTPRequestHandler):
    """Answers every POST 303 and keeps what it was sent on the server."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.path, dict(self.headers), body))  # type: ignore[attr-defined]
        self.send_response(303)
        self.send_header("Location", "/done/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_submit_form_posts_as_a_browser() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.seen = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page = requests.Response()
        page.url = f"{base}/tasks/1/edit/"
        action, delete = parse_forms(ACTION_PAGE)
        assert submit_form(requests.Session(), page, action, {"title": "T"}).status_code == 303
        assert submit_form(requests.Session(), page, delete, {}).status_code == 303
        (path, headers, body), (path2, headers2, body2) = server.seen  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
    assert path == "/tasks/1/edit/" and headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert headers["Origin"] == base and headers["Referer"] == page.url
    for name, value in [("$ACTION_REF_1", ""), ("$ACTION_KEY", "k1"), ("title", "T")]:
        assert f'name="{name}"\r\n\r\n{value}\r\n'.encode() in body
    assert path2 == "/tasks/1/edit/delete/" and headers2["Content-Type"] == "application/x-www-form-urlencoded"
    assert body2 == b"_csrf=t"


# --------------------------------------------------------------------------- CSV


HEADER = ["id", "title", "done"]


def test_csv_ok() -> None:
    text = 'id,title,done\r\n1,"A, quoted",True\r\n2,"two\nlines",False\r\n'
    assert csv_problems(text, HEADER, 2, pk="2") == []


def test_csv_with_bom_ok() -> None:
    assert csv_problems("\ufeffid,title,done\n1,a,True\n", HEADER, 1) == []


def test_csv_problems_found() -> None:
    assert any("header" in p for p in csv_problems("title,done\n1,a\n", HEADER, 1))
    assert any("rows, expected 3" in p for p in csv_problems("id,title,done\n1,a,b\n", HEADER, 3))
    assert any("no row for pk 9" in p for p in csv_problems("id,title,done\n1,a,b\n", HEADER, 1, "9"))
    assert any("wrong width" in p for p in csv_problems("id,title,done\n1,a\n", HEADER, 1))
    assert csv_problems("", HEADER, 0) == ["the CSV is empty"]


# --------------------------------------------------------------------------- end to end


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_closed_port_fails_every_check_without_raising() -> None:
    model = {"entities": [ent("Task", fld("title", "str", max_length=20, required=True))]}
    target = Target(f"http://127.0.0.1:{free_port()}", model, "admin", "pw")
    results = run_contract(target)
    assert results and all(isinstance(r, CheckResult) and not r.ok for r in results)
    names_run = {r.name for r in results}
    assert {
        "health.live",
        "api.tasks.create",
        "html.tasks.export",
        "http.not_found",
    } <= names_run
    assert "html.tasks.create" not in {
        r.name for r in run_contract(Target(target.base_url, model, "a", "b", html=False))
    }


class _MiniApp(BaseHTTPRequestHandler):
    """Just health, auth and 404; readiness fails when the server's `ready` flag is off."""

    def do_GET(self) -> None:
        if self.path == "/health/live/":
            self._json(200, {"status": "ok"})
        elif self.path == "/health/ready/":
            ready = getattr(self.server, "ready", True)
            self._json(
                200 if ready else 503,
                {"status": "ok", "checks": {"database": "ok" if ready else "down"}},
            )
        else:
            self._json(404, {"detail": "Not found."})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self.path == "/api/auth/token/" and body == {
            "username": "admin",
            "password": "pw",
        }:
            self._json(200, {"token": "t0k"})
        else:
            self._json(400, {"non_field_errors": ["Unable to log in."]})

    def _json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def mini_app() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _MiniApp)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_mini(server: ThreadingHTTPServer) -> dict[str, CheckResult]:
    url = f"http://127.0.0.1:{server.server_address[1]}"
    results = run_contract(Target(url, {"entities": []}, "admin", "pw", html=False))
    return {r.name: r for r in results}


def test_mini_app_passes_what_it_serves(mini_app: ThreadingHTTPServer) -> None:
    results = run_mini(mini_app)
    assert set(results) == {
        "health.live",
        "health.ready",
        "auth.token",
        "auth.bad_password",
        "http.not_found",
    }
    assert all(r.ok for r in results.values()), results


def test_mini_app_not_ready_fails_readiness_only(mini_app: ThreadingHTTPServer) -> None:
    mini_app.ready = False  # type: ignore[attr-defined]
    results = run_mini(mini_app)
    assert not results["health.ready"].ok and "503" in results["health.ready"].detail
    assert all(r.ok for name, r in results.items() if name != "health.ready")


def test_cli_prints_summary_and_fails(mini_app: ThreadingHTTPServer, tmp_path: Any, capsys: Any) -> None:
    model = tmp_path / "model.json"
    model.write_text(json.dumps({"entities": []}))
    url = f"http://127.0.0.1:{mini_app.server_address[1]}"
    argv = [
        "--base-url",
        url,
        "--model",
        str(model),
        "--username",
        "admin",
        "--password",
        "pw",
    ]
    assert main([*argv, "--no-html"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "5 passed, 0 failed"
    assert all(line.startswith("PASS ") for line in lines[:-1])
    assert main(argv) == 1  # with HTML, the login page is missing
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "5 passed, 1 failed"
    assert any(line.startswith("FAIL html.login: ") for line in lines)

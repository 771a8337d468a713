"""Drive every HTTP promise of CONTRACT.md against a running generated app.

    python -m ladder.contract --base-url URL --model model.json --username U --password P [--no-html]

The driver is track-neutral on purpose: it knows CONTRACT.md and the parsed entity model
(docs/entity-model.md), never how a rung implements them, so one smoke suite serves the Django and the
JavaScript rungs alike. The only concession to real frameworks is generic: every hidden ``<input>`` of a
form that is submitted is echoed back, which carries Django's ``csrfmiddlewaretoken`` and its equivalents.

Every check is run and recorded; an app failure (a wrong status, a bad body, a refused connection) is a
failed check, never an exception out of :func:`run_contract`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import re
import string
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

TIMEOUT = 10.0
PAGE_SIZE = 20
LOGIN_PATH = "/accounts/login/"
# Form posts must answer with one of these (CONTRACT.md: "redirects (303 or 302)").
FORM_REDIRECTS = (302, 303)
ANY_REDIRECT = (301, 302, 303, 307, 308)

Entity = dict[str, Any]
Field = dict[str, Any]

# A value of the wrong type for each kind that has one (str and text accept any string).
WRONG_TYPE: dict[str, Any] = {
    "int": "not-a-number",
    "decimal": "not-a-number",
    "float": "not-a-number",
    "date": "not-a-date",
    "datetime": "not-a-date",
    "bool": "not-a-bool",
    "email": "not-an-email",
    "url": "not a url",
    "uuid": "not-a-uuid",
    "enum": "not-a-choice",
}

# Which field a PATCH / an HTML edit changes: the first editable field of the earliest kind listed.
PATCH_PREFERENCE = (
    "str",
    "text",
    "int",
    "decimal",
    "float",
    "email",
    "url",
    "date",
    "datetime",
    "enum",
    "bool",
    "uuid",
)


@dataclass
class Target:
    """A running app to check: where it is, what it serves, and who may write to it."""

    base_url: str
    model: dict[str, Any]
    username: str
    password: str
    html: bool = True  # False for API-only rungs


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str


class CheckFailed(Exception):
    """The app broke a promise; the message is the check's detail."""


def expect(condition: bool, detail: str) -> None:
    if not condition:
        raise CheckFailed(detail)


# --------------------------------------------------------------------------- the entity model


def editable_fields(entity: Entity) -> list[Field]:
    return [f for f in entity["fields"] if f.get("editable", True)]


def field_named(entity: Entity, name: str) -> Field:
    for f in entity["fields"]:
        if f["name"] == name:
            return dict(f)
    raise KeyError(f"{entity['name']} has no field {name}")


def pk_name(entity: Entity) -> str:
    return str((entity.get("pk") or {}).get("name") or "id")


def entity_order(entities: Sequence[Entity]) -> list[Entity]:
    """Order entities so that the targets of `ref` fields come before the entities pointing at them.

    Self-references are no dependency. A cycle (A -> B -> A) cannot be satisfied, so it is broken at one
    of its members, preferably one whose refs into the cycle are optional (it can be created with them
    null); an entity that merely depends on a cycle still waits for it. Each round places one entity, so
    the loop ends and every entity appears once.
    """
    names = {e["name"] for e in entities}
    remaining = list(entities)
    done: set[str] = set()
    ordered: list[Entity] = []
    while remaining:
        pending = {e["name"]: _dependencies(e, names) - done for e in remaining}
        ready = next((e for e in remaining if not pending[e["name"]]), None)
        ready = ready or _cycle_breaker(remaining, pending)
        remaining.remove(ready)
        done.add(ready["name"])
        ordered.append(ready)
    return ordered


def _dependencies(entity: Entity, names: set[str]) -> set[str]:
    targets = {f.get("target") for f in entity["fields"] if f["kind"] == "ref"}
    return {t for t in targets if isinstance(t, str) and t in names and t != entity["name"]}


def _cycle_breaker(remaining: list[Entity], pending: dict[str, set[str]]) -> Entity:
    on_cycle = [e for e in remaining if _reaches(pending, e["name"], e["name"])] or remaining

    def required_unmet(entity: Entity) -> int:
        unmet = pending[entity["name"]]
        return sum(1 for f in entity["fields"] if f.get("required") and f.get("target") in unmet)

    return min(on_cycle, key=required_unmet)  # min() keeps the first of equals: spec order


def _reaches(pending: dict[str, set[str]], start: str, goal: str) -> bool:
    """Whether `goal` can be reached from `start` along unmet dependencies."""
    seen: set[str] = set()
    stack = list(pending.get(start, ()))
    while stack:
        name = stack.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            stack.extend(pending.get(name, ()))
    return False


def validation_cases(entity: Entity) -> list[tuple[str, Field]]:
    """The (rule, field) pairs of CONTRACT.md's 400 rules that apply to this entity.

    `required` skips bool fields (an unticked checkbox is a value, so "missing" has no meaning there) and
    fields with a default (the app fills those in).
    """
    cases: list[tuple[str, Field]] = []
    for f in editable_fields(entity):
        kind = f["kind"]
        if f.get("required") and not f.get("has_default") and kind != "bool":
            cases.append(("required", f))
        if kind == "str" and f.get("max_length"):
            cases.append(("too_long", f))
        if kind in WRONG_TYPE:
            cases.append(("wrong_type", f))
        if kind == "ref":
            cases.append(("bad_ref", f))
        if f.get("unique"):
            cases.append(("duplicate", f))
    return cases


def patch_field(entity: Entity) -> Field | None:
    """The editable, non-ref field a PATCH or an HTML edit changes (None if the entity has none)."""
    candidates = [f for f in editable_fields(entity) if f["kind"] in PATCH_PREFERENCE]
    if not candidates:
        return None
    return min(candidates, key=lambda f: PATCH_PREFERENCE.index(f["kind"]))


def missing_pk(entity: Entity) -> Any:
    """A pk of `entity` that no row has (the "bad ref" rule)."""
    if (entity.get("pk") or {}).get("kind") == "uuid":
        return str(uuid.uuid4())
    return 987_654_321


# --------------------------------------------------------------------------- generated values


def _base36(n: int) -> str:
    digits = string.digits + string.ascii_lowercase
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


class ValueFactory:
    """Valid values per field kind, unique within a run and, thanks to a random token, across runs that
    share one database (a leftover row of an earlier run must not collide with a unique field)."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)
        self.token = "".join(self._rng.choice(string.ascii_lowercase) for _ in range(6))
        self.base = self._rng.randint(1, 999_999)
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def value(self, f: Field, n: int, tag: str = "Row") -> Any:
        """A value for field `f`, distinct for each `n`; `tag` marks str/text values (search needles)."""
        kind = f["kind"]
        if kind == "str":
            return self._str(n, f.get("max_length"), tag)
        if kind == "text":
            return f"{tag}-{self.token}-{n} written by the Stack Ladder contract driver"
        if kind == "int":
            return self.base * 1000 + n
        if kind == "decimal":
            return self._decimal(n, f.get("max_digits"), f.get("decimal_places"))
        if kind == "float":
            return float((self.base % 10_000) * 1000 + n) + 0.25
        if kind == "bool":
            return n % 2 == 1
        if kind == "date":
            return (date(2000, 1, 1) + timedelta(days=(self.base + n) % 36_000)).isoformat()
        if kind == "datetime":
            # Whole minutes: a datetime-local form input carries no seconds.
            minutes = (self.base * 1000 + n) % 40_000_000
            return (datetime(2001, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)).isoformat()
        if kind == "email":
            return f"{tag.lower()}.{self.token}.{n}@example.com"
        if kind == "url":
            return f"https://example.com/{self.token}/{n}"
        if kind == "uuid":
            return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
        if kind == "enum":
            choices = f.get("choices") or []
            return choices[n % len(choices)] if choices else None
        return None  # ref: the driver supplies the pk of a real row

    def _str(self, n: int, max_length: int | None, tag: str) -> str:
        full = f"{tag}-{self.token}-{n}"
        if not max_length or len(full) <= max_length:
            return full
        compact = f"{self.token}{_base36(n)}"
        if len(compact) <= max_length:
            return compact
        return _base36(n).rjust(max_length, "0")[-max_length:]

    def _decimal(self, n: int, max_digits: int | None, places: int | None) -> str:
        digits = max_digits or 10
        scale = places if places is not None else 2
        number = (self.base * 1000 + n) % 10**digits
        return format(Decimal(number).scaleb(-scale), "f")


def build_payload(entity: Entity, factory: ValueFactory, refs: Mapping[str, Any]) -> dict[str, Any]:
    """A valid JSON body for creating `entity`: every editable field, refs taken from `refs`."""
    n = factory.next_seq()
    payload: dict[str, Any] = {}
    for f in editable_fields(entity):
        if f["kind"] == "ref":
            payload[f["name"]] = refs.get(f["name"])
        else:
            payload[f["name"]] = factory.value(f, n)
    return payload


def fresh_value(factory: ValueFactory, f: Field, current: Any) -> Any:
    """A valid value for `f` that differs from `current` (for PATCH and HTML edits)."""
    if f["kind"] == "bool":
        return not current
    if f["kind"] == "enum":
        others = [c for c in f.get("choices") or [] if c != current]
        return others[0] if others else current
    return factory.value(f, factory.next_seq(), tag="Edited")


def to_form(entity: Entity, payload: Mapping[str, Any]) -> dict[str, str]:
    """The form encoding of a JSON payload: a ticked checkbox is "on" and an unticked one is omitted,
    datetimes are `YYYY-MM-DDTHH:MM` (what a datetime-local input sends), None is an empty input."""
    form: dict[str, str] = {}
    for f in editable_fields(entity):
        name = f["name"]
        if name not in payload:
            continue
        value = payload[name]
        if f["kind"] == "bool":
            if value:
                form[name] = "on"
        elif value is None:
            form[name] = ""
        elif f["kind"] == "datetime":
            form[name] = parse_datetime(str(value)).strftime("%Y-%m-%dT%H:%M")
        else:
            form[name] = str(value)
    return form


# --------------------------------------------------------------------------- comparing values


def parse_datetime(text: str) -> datetime:
    """ISO 8601 (with `Z` or an offset); a naive value is taken as UTC."""
    parsed = datetime.fromisoformat(text.strip())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def values_match(f: Field, sent: Any, got: Any, wall_clock: bool = False) -> bool:
    """Whether the app's `got` is the value that was `sent` for field `f`.

    Decimals compare numerically (12.5 == "12.50"), floats approximately, datetimes as instants, uuids
    and refs as strings. `wall_clock` compares datetimes by local time only: a form's datetime-local input
    has no zone, and the app reads it in its own zone.
    """
    if sent is None or got is None:
        return sent is None and got is None
    try:
        return _kind_match(f["kind"], sent, got, wall_clock)
    except (ValueError, TypeError, InvalidOperation):
        return False


def _kind_match(kind: str, sent: Any, got: Any, wall_clock: bool) -> bool:
    if kind == "decimal":
        return Decimal(str(sent)) == Decimal(str(got))
    if kind == "float":
        return isinstance(got, int | float | str) and math.isclose(float(sent), float(got), rel_tol=1e-9)
    if kind == "int":
        return not isinstance(got, bool) and int(got) == int(sent)
    if kind == "bool":
        return got is sent
    if kind == "datetime":
        a, b = parse_datetime(str(sent)), parse_datetime(str(got))
        return a.replace(tzinfo=None) == b.replace(tzinfo=None) if wall_clock else a == b
    if kind == "date":
        return date.fromisoformat(str(got)) == date.fromisoformat(str(sent))
    if kind == "uuid":
        return uuid.UUID(str(got)) == uuid.UUID(str(sent))
    if kind == "ref":
        return not isinstance(got, dict | list) and str(got).lower() == str(sent).lower()
    return bool(got == sent)


def object_problems(entity: Entity, sent: Mapping[str, Any], got: Any, wall_clock: bool = False) -> list[str]:
    """What is wrong with an object the API returned, given what was sent (empty when nothing)."""
    if not isinstance(got, dict):
        return [f"expected a JSON object, got {_short(got)}"]
    problems = []
    if got.get(pk_name(entity)) in (None, ""):
        problems.append(f"no pk {pk_name(entity)!r}")
    missing = [f["name"] for f in entity["fields"] if f["name"] not in got]
    if missing:
        problems.append(f"missing fields {missing}")
    for name, value in sent.items():
        f = field_named(entity, name)
        if name in got and not values_match(f, value, got[name], wall_clock):
            problems.append(f"{name}: sent {value!r}, got {got[name]!r}")
    return problems


def error_body_problem(body: Any, field_name: str) -> str | None:
    """Why a 400 body is not CONTRACT.md's `{"<field>": ["message", ...]}` for `field_name`, or None."""
    if not isinstance(body, dict):
        return f"400 body is not a JSON object: {_short(body)}"
    if field_name not in body:
        return f"400 body does not name {field_name!r}: {_short(body)}"
    messages = body[field_name]
    if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
        return f"{field_name!r} is not a list of strings: {_short(messages)}"
    return None


def csv_problems(text: str, header: Sequence[str], rows: int, pk: str | None = None) -> list[str]:
    """What is wrong with an export: its header must be `header`, it must hold `rows` rows of the same
    width, and (when given) a row whose first column is `pk`. A UTF-8 BOM is tolerated (Excel likes it)."""
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    if not table:
        return ["the CSV is empty"]
    problems = []
    if table[0] != list(header):
        problems.append(f"header {table[0]} != expected {list(header)}")
    body = [r for r in table[1:] if r]
    if len(body) != rows:
        problems.append(f"{len(body)} rows, expected {rows}")
    ragged = [i + 2 for i, r in enumerate(body) if len(r) != len(header)]
    if ragged:
        problems.append(f"rows of the wrong width at lines {ragged[:5]}")
    if pk is not None and pk.lower() not in {r[0].lower() for r in body}:
        problems.append(f"no row for pk {pk}")
    return problems


_READY_WORDS = ("status", "checks", "name", "state", "ok", "detail", "details")


def ready_check_names(body: Any) -> list[str]:
    """The names of the checks a readiness body reports: object keys other than the overall status, and
    the `name` of objects in lists (both `{"database": "ok"}` and `{"checks": [{"name": ...}]}`)."""
    names: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            if key == "name" and isinstance(value, str):
                names.append(value)
            elif key not in _READY_WORDS:
                names.append(str(key))
            names.extend(ready_check_names(value) if isinstance(value, dict | list) else [])
    elif isinstance(body, list):
        for item in body:
            names.extend(ready_check_names(item))
    return names


# --------------------------------------------------------------------------- HTML


@dataclass
class FormControl:
    tag: str
    name: str
    type: str
    value: str


@dataclass
class HtmlForm:
    action: str
    method: str
    controls: list[FormControl] = field(default_factory=list)

    def names(self) -> set[str]:
        return {c.name for c in self.controls}

    def hidden_inputs(self) -> dict[str, str]:
        """What a browser sends back untouched: every hidden input (the CSRF token among them)."""
        return {c.name: c.value for c in self.controls if c.tag == "input" and c.type == "hidden"}

    def has_password(self) -> bool:
        return any(c.tag == "input" and c.type == "password" for c in self.controls)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self.loose: list[FormControl] = []  # controls outside any <form>
        self._current: HtmlForm | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = HtmlForm(a.get("action", ""), (a.get("method") or "get").lower())
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and a.get("name"):
            kind = (a.get("type") or "text").lower() if tag == "input" else tag
            control = FormControl(tag, a["name"], kind, a.get("value", ""))
            (self._current.controls if self._current else self.loose).append(control)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def parse_forms(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def control_names(html: str) -> set[str]:
    """Names of every input, select, textarea and button on a page, in a form or not."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    names = {c.name for c in parser.loose}
    for form in parser.forms:
        names |= form.names()
    return names


def pick_form(forms: Iterable[HtmlForm], names: Iterable[str]) -> HtmlForm | None:
    """The form holding the most of `names` (the entity's fields), or None if none holds any."""
    wanted = set(names)
    best = max(forms, key=lambda form: len(form.names() & wanted), default=None)
    return best if best is not None and best.names() & wanted else None


_INVISIBLE = ("script", "style", "head", "title")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def detail_id(location: str, base_url: str, plural: str) -> str | None:
    """The <id> of a `/<plural>/<id>/` URL (relative or absolute), or None if it is no detail URL."""
    base_path = urlsplit(base_url).path.rstrip("/")
    path = urlsplit(urljoin(base_url.rstrip("/") + "/", location)).path
    if base_path and path.startswith(base_path):
        path = path[len(base_path) :]
    match = re.fullmatch(rf"/{re.escape(plural)}/([^/]+)/?", path)
    if not match or match.group(1) in ("new", "export.csv"):
        return None
    return match.group(1)


# --------------------------------------------------------------------------- HTTP


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[:limit] + "..."


def body_snippet(resp: requests.Response) -> str:
    if "html" in resp.headers.get("Content-Type", ""):
        return _short(html_text(resp.text))
    return _short(resp.text)


def describe(resp: requests.Response, show_body: bool = True) -> str:
    """`METHOD /path?query [body] -> status response`: enough to reproduce a failure by hand."""
    req = resp.request
    parts = urlsplit(req.url or "")
    line = f"{req.method} {parts.path}{'?' + parts.query if parts.query else ''}"
    if show_body and req.body and req.method not in ("GET", "HEAD"):
        sent = req.body.decode(errors="replace") if isinstance(req.body, bytes) else str(req.body)
        line += f" {_short(sent, 200)}"
    return f"{line} -> {resp.status_code} {body_snippet(resp)}"


def json_body(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError as exc:
        raise CheckFailed(f"not JSON: {describe(resp)}") from exc


class Http:
    """A requests session bound to the app's base URL; every call carries the 10 s timeout."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.url(path), timeout=TIMEOUT, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)


class Recorder:
    def __init__(self) -> None:
        self.results: list[CheckResult] = []

    def run(self, name: str, check: Callable[[], str]) -> bool:
        """Run one check; whatever goes wrong inside becomes a failed result, never an exception."""
        try:
            detail = check()
        except CheckFailed as exc:
            return self._add(name, False, str(exc))
        except requests.RequestException as exc:
            return self._add(name, False, f"request failed: {exc}")
        # An app answer the driver did not foresee (a list where an object was due...) is a failure
        # of that check, not a reason to stop the others.
        except Exception as exc:  # noqa: BLE001
            return self._add(name, False, f"{type(exc).__name__}: {exc}")
        return self._add(name, True, detail)

    def _add(self, name: str, ok: bool, detail: str) -> bool:
        self.results.append(CheckResult(name, ok, detail))
        return ok


# --------------------------------------------------------------------------- the driver


@dataclass
class EntityState:
    """What the checks of one entity learned so far."""

    entity: Entity
    # The main API object, as the app last returned it.
    obj: dict[str, Any] | None = None
    search_q: str | None = None
    html_pk: str | None = None
    html_sent: dict[str, Any] | None = None

    @property
    def plural(self) -> str:
        return str(self.entity["plural"])

    @property
    def pk_name(self) -> str:
        return pk_name(self.entity)

    def entity_field_names(self) -> list[str]:
        return [f["name"] for f in editable_fields(self.entity)]

    def main(self) -> dict[str, Any]:
        if self.obj is None:
            raise CheckFailed(f"blocked: api.{self.plural}.create did not succeed")
        return self.obj

    def main_pk(self) -> str:
        return str(self.main()[self.pk_name])

    def html_object(self) -> tuple[str, dict[str, Any]]:
        if self.html_pk is None or self.html_sent is None:
            raise CheckFailed(f"blocked: html.{self.plural}.create did not succeed")
        return self.html_pk, self.html_sent


class _Driver:
    def __init__(self, target: Target, factory: ValueFactory | None = None) -> None:
        self.target = target
        self.rec = Recorder()
        self.factory = factory or ValueFactory()
        self.public = Http(target.base_url)  # anonymous reads: "reads are public"
        self.api = Http(target.base_url)  # carries the token once auth.token passed
        self.web = Http(target.base_url)  # carries the session once html.login passed
        self.entities: list[Entity] = list(target.model.get("entities") or [])
        self.by_name = {e["name"]: e for e in self.entities}
        # Entity name -> pks of the rows created, the first of which other entities refer to.
        self.pool: dict[str, list[Any]] = {}
        # (plural, pk) of every row still stored, in creation order, for the cleanup.
        self.created: list[tuple[str, str]] = []

    def run(self) -> list[CheckResult]:
        self.rec.run("health.live", self.health_live)
        self.rec.run("health.ready", self.health_ready)
        self.rec.run("auth.token", self.auth_token)
        self.rec.run("auth.bad_password", self.auth_bad_password)
        if self.target.html:
            self.rec.run("html.login", self.html_login)
        for entity in entity_order(self.entities):
            state = EntityState(entity)
            self.api_checks(state)
            if self.target.html:
                self.html_checks(state)
        self.rec.run("http.not_found", self.not_found)
        self.cleanup()
        return self.rec.results

    # ----------------------------------------------------------------- health, auth, 404

    def health_live(self) -> str:
        resp = self.public.get("/health/live/")
        expect(resp.status_code == 200, describe(resp))
        body = json_body(resp)
        expect(isinstance(body, dict) and body.get("status") == "ok", describe(resp))
        return "200 status ok"

    def health_ready(self) -> str:
        resp = self.public.get("/health/ready/")
        expect(resp.status_code == 200, describe(resp))
        names = ready_check_names(json_body(resp))
        expect(bool(names), f"the body names no check: {describe(resp)}")
        expect(
            any("db" in n.lower() or "database" in n.lower() for n in names),
            f"no database check among {names}: {describe(resp)}",
        )
        return f"200 checks {names}"

    def auth_token(self) -> str:
        credentials = {
            "username": self.target.username,
            "password": self.target.password,
        }
        resp = self.public.post("/api/auth/token/", json=credentials)
        expect(resp.status_code == 200, describe(resp, show_body=False))
        token = json_body(resp).get("token")
        expect(isinstance(token, str) and bool(token), f"no token: {describe(resp, False)}")
        self.api.session.headers["Authorization"] = f"Token {token}"
        return "200 with a token"

    def auth_bad_password(self) -> str:
        wrong = {
            "username": self.target.username,
            "password": self.target.password + "-wrong",
        }
        resp = self.public.post("/api/auth/token/", json=wrong)
        expect(resp.status_code in (400, 401), describe(resp, show_body=False))
        body = _json_or_none(resp)
        expect(
            not (isinstance(body, dict) and body.get("token")),
            describe(resp, show_body=False),
        )
        return f"{resp.status_code}, no token"

    def not_found(self) -> str:
        resp = self.public.get(f"/definitely-not-a-page-{self.factory.token}/")
        expect(resp.status_code == 404, describe(resp))
        expect(
            "Traceback" not in resp.text,
            f"the 404 page shows a traceback: {describe(resp)}",
        )
        return "404 without a traceback"

    # ----------------------------------------------------------------- API helpers

    def list_path(self, state: EntityState) -> str:
        return f"/api/{state.plural}/"

    def item_path(self, state: EntityState, pk: Any) -> str:
        return f"/api/{state.plural}/{pk}/"

    def count(self, state: EntityState) -> int:
        resp = self.public.get(self.list_path(state))
        expect(resp.status_code == 200, f"cannot count: {describe(resp)}")
        count = json_body(resp).get("count")
        expect(isinstance(count, int), f"count is not an integer: {describe(resp)}")
        return int(count)

    def refs_for(self, entity: Entity) -> dict[str, Any]:
        """A pk for each ref field: the first row created for the target, else any existing row.
        A self-reference that is not required stays null."""
        refs: dict[str, Any] = {}
        for f in editable_fields(entity):
            if f["kind"] != "ref":
                continue
            target = f.get("target")
            if target == entity["name"] and not f.get("required"):
                refs[f["name"]] = None
                continue
            pks = self.pool.get(str(target)) or self.existing_pks(str(target))
            refs[f["name"]] = pks[0] if pks else None
        return refs

    def existing_pks(self, entity_name: str) -> list[Any]:
        entity = self.by_name.get(entity_name)
        if entity is None:
            return []
        try:
            resp = self.public.get(f"/api/{entity['plural']}/")
            results = resp.json().get("results") or []
        except (requests.RequestException, ValueError, AttributeError):
            return []
        return [r[pk_name(entity)] for r in results if isinstance(r, dict) and pk_name(entity) in r]

    def payload(self, entity: Entity) -> dict[str, Any]:
        return build_payload(entity, self.factory, self.refs_for(entity))

    def remember(self, state: EntityState, obj: Any, *, for_refs: bool = True) -> None:
        """Note a row the app stored, for cleanup and (unless it was stored by mistake, say by an
        anonymous write) as a target for other entities' refs."""
        if isinstance(obj, dict) and obj.get(state.pk_name) not in (None, ""):
            pk = obj[state.pk_name]
            if for_refs:
                self.pool.setdefault(state.entity["name"], []).append(pk)
            self.created.append((state.plural, str(pk)))

    def adopt_strays(self, state: EntityState, sent: Mapping[str, Any]) -> None:
        """After a form post that went wrong, find the row it may have stored anyway (by the value of
        its first search field), so that the cleanup deletes it."""
        search = state.entity.get("search") or []
        if not search or not sent.get(search[0]):
            return
        try:
            resp = self.public.get(self.list_path(state), params={"q": sent[search[0]]})
            rows = resp.json().get("results") or []
        except (requests.RequestException, ValueError, AttributeError):
            return
        for row in rows:
            if isinstance(row, dict) and row.get(search[0]) == sent[search[0]]:
                self.remember(state, row, for_refs=False)

    def forget(self, state: EntityState, pk: str) -> None:
        self.created = [c for c in self.created if c != (state.plural, pk)]
        pool = self.pool.get(state.entity["name"], [])
        self.pool[state.entity["name"]] = [p for p in pool if str(p) != pk]

    def create(self, state: EntityState, payload: Mapping[str, Any]) -> dict[str, Any]:
        resp = self.api.post(self.list_path(state), json=payload)
        expect(resp.status_code == 201, describe(resp))
        obj = json_body(resp)
        expect(isinstance(obj, dict) and obj.get(state.pk_name) is not None, describe(resp))
        self.remember(state, obj)
        return dict(obj)

    def page(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        resp = self.public.get(path, params=params)
        expect(resp.status_code == 200, describe(resp))
        body = json_body(resp)
        expect(isinstance(body, dict), f"not a JSON object: {describe(resp)}")
        missing = [k for k in ("count", "next", "previous", "results") if k not in body]
        expect(not missing, f"missing {missing}: {describe(resp)}")
        expect(
            isinstance(body["results"], list),
            f"results is not a list: {describe(resp)}",
        )
        return dict(body)

    # ----------------------------------------------------------------- API checks

    def api_checks(self, state: EntityState) -> None:
        prefix = f"api.{state.plural}"
        self.rec.run(f"{prefix}.anonymous_create", lambda: self.api_anonymous_create(state))
        self.rec.run(f"{prefix}.create", lambda: self.api_create(state))
        self.rec.run(f"{prefix}.detail", lambda: self.api_detail(state))
        self.rec.run(f"{prefix}.patch", lambda: self.api_patch(state))
        self.rec.run(f"{prefix}.put", lambda: self.api_put(state))
        self.rec.run(f"{prefix}.list", lambda: self.api_list(state))
        for name in state.entity.get("search") or []:
            self.rec.run(f"{prefix}.search.{name}", partial(self.api_search, state, name))
        self.rec.run(f"{prefix}.pagination", lambda: self.api_pagination(state))
        for rule, f in validation_cases(state.entity):
            check = f"{prefix}.invalid.{rule}.{f['name']}"
            self.rec.run(check, partial(self.api_invalid, state, rule, f))
        self.rec.run(f"{prefix}.delete", lambda: self.api_delete(state))

    def api_anonymous_create(self, state: EntityState) -> str:
        before = self.count(state)
        resp = Http(self.target.base_url).post(self.list_path(state), json=self.payload(state.entity))
        after = self.count(state)
        if resp.status_code in (200, 201):
            self.remember(state, _json_or_none(resp), for_refs=False)
        expect(resp.status_code in (401, 403), describe(resp))
        expect(after == before, f"count {before} -> {after} after {describe(resp)}")
        return f"{resp.status_code}, nothing stored"

    def api_create(self, state: EntityState) -> str:
        sent = self.payload(state.entity)
        state.obj = self.create(state, sent)
        problems = object_problems(state.entity, sent, state.obj)
        expect(
            not problems,
            f"POST {self.list_path(state)} {_short(sent)}: {'; '.join(problems)}",
        )
        return f"201 {state.pk_name}={state.main_pk()}"

    def api_detail(self, state: EntityState) -> str:
        main = state.main()
        resp = self.public.get(self.item_path(state, state.main_pk()))
        expect(resp.status_code == 200, describe(resp))
        got = json_body(resp)
        sent = {f["name"]: main.get(f["name"]) for f in state.entity["fields"]}
        problems = object_problems(state.entity, sent, got)
        expect(not problems, f"{describe(resp)}: {'; '.join(problems)}")
        return "200, same object"

    def api_patch(self, state: EntityState) -> str:
        main = state.main()
        f = patch_field(state.entity)
        change = {} if f is None else {f["name"]: fresh_value(self.factory, f, main.get(f["name"]))}
        resp = self.api.request("PATCH", self.item_path(state, state.main_pk()), json=change)
        expect(resp.status_code == 200, describe(resp))
        got = json_body(resp)
        problems = object_problems(state.entity, change, got)
        expect(not problems, f"{describe(resp)}: {'; '.join(problems)}")
        state.obj = dict(got)
        again = json_body(self.public.get(self.item_path(state, state.main_pk())))
        problems = object_problems(state.entity, change, again)
        expect(not problems, f"PATCH not stored, a later GET: {'; '.join(problems)}")
        return f"200, {_short(change)} stored"

    def api_put(self, state: EntityState) -> str:
        state.main()
        sent = self.payload(state.entity)
        resp = self.api.request("PUT", self.item_path(state, state.main_pk()), json=sent)
        expect(resp.status_code == 200, describe(resp))
        got = json_body(resp)
        problems = object_problems(state.entity, sent, got)
        expect(not problems, f"{describe(resp)}: {'; '.join(problems)}")
        state.obj = dict(got)
        return "200, every field replaced"

    def api_list(self, state: EntityState) -> str:
        body = self.page(self.list_path(state))
        expect(isinstance(body["count"], int), f"count is not an integer: {_short(body)}")
        return f"200, count {body['count']}"

    def api_search(self, state: EntityState, name: str) -> str:
        """A row whose `name` holds a unique mixed-case needle must be found by the needle in the
        other case, and every row found must contain it in one of the search fields."""
        entity = state.entity
        sent = self.payload(entity)
        needle = self.factory.value(field_named(entity, name), self.factory.next_seq(), tag="Needle")
        sent[name] = needle
        obj = self.create(state, sent)
        query = str(needle).swapcase()
        state.search_q = state.search_q or query
        body = self.page(self.list_path(state), params={"q": query})
        found = {str(r.get(state.pk_name)) for r in body["results"] if isinstance(r, dict)}
        expect(
            str(obj[state.pk_name]) in found,
            f"?q={query} did not find {needle!r}: {_short(body)}",
        )
        search = entity.get("search") or []
        strays = [r for r in body["results"] if not _contains(r, search, query)]
        expect(not strays, f"?q={query} also returned rows without it: {_short(strays)}")
        return f"?q={query} found {body['count']} row(s)"

    def api_pagination(self, state: EntityState) -> str:
        for _ in range(max(0, PAGE_SIZE + 1 - self.count(state))):
            self.create(state, self.payload(state.entity))
        first = self.page(self.list_path(state))
        expect(first["count"] > PAGE_SIZE, f"count {first['count']} after creating rows")
        expect(
            len(first["results"]) == PAGE_SIZE,
            f"page 1 has {len(first['results'])} rows",
        )
        expect(bool(first["next"]), f"page 1 of {first['count']} rows has no next link")
        second = self.page(self.list_path(state), params={"page": "2"})
        expect(bool(second["results"]), "?page=2 is empty")
        expect(bool(second["previous"]), "?page=2 has no previous link")
        pks1 = {str(r.get(state.pk_name)) for r in first["results"]}
        pks2 = {str(r.get(state.pk_name)) for r in second["results"]}
        expect(not pks1 & pks2, f"rows on both pages: {sorted(pks1 & pks2)}")
        via_next = self.page(urljoin(self.public.url(self.list_path(state)), str(first["next"])))
        expect(
            {str(r.get(state.pk_name)) for r in via_next["results"]} == pks2,
            f"the next link {first['next']} is not ?page=2",
        )
        return f"{first['count']} rows, 20 on page 1, {len(second['results'])} on page 2"

    def api_invalid(self, state: EntityState, rule: str, f: Field) -> str:
        sent = self.payload(state.entity)
        name = f["name"]
        if rule == "required":
            sent.pop(name, None)
        elif rule == "too_long":
            sent[name] = "x" * (int(f["max_length"]) + 1)
        elif rule == "wrong_type":
            sent[name] = WRONG_TYPE[f["kind"]]
        elif rule == "bad_ref":
            sent[name] = missing_pk(self.by_name[f["target"]])
        elif rule == "duplicate":
            sent[name] = state.main().get(name)
        before = self.count(state)
        resp = self.api.post(self.list_path(state), json=sent)
        after = self.count(state)
        if resp.status_code in (200, 201):
            self.remember(state, _json_or_none(resp), for_refs=False)
        expect(resp.status_code == 400, describe(resp))
        problem = error_body_problem(json_body(resp), name)
        expect(problem is None, f"{problem} ({describe(resp)})")
        expect(after == before, f"count {before} -> {after} after {describe(resp)}")
        return f"400 names {name!r}"

    def api_delete(self, state: EntityState) -> str:
        obj = self.create(state, self.payload(state.entity))
        pk = str(obj[state.pk_name])
        resp = self.api.request("DELETE", self.item_path(state, pk))
        expect(resp.status_code == 204, describe(resp))
        self.forget(state, pk)
        gone = self.public.get(self.item_path(state, pk))
        expect(gone.status_code == 404, f"after DELETE: {describe(gone)}")
        return "204, then 404"

    # ----------------------------------------------------------------- HTML checks

    def html_login(self) -> str:
        page = self.web.get(LOGIN_PATH)
        expect(page.status_code == 200, describe(page))
        form = next((f for f in parse_forms(page.text) if f.has_password()), None)
        expect(form is not None, f"no form with a password input at {page.url}")
        assert form is not None
        data = form.hidden_inputs()
        data.update(username=self.target.username, password=self.target.password)
        action = urljoin(page.url, form.action)
        resp = self.web.post(action, data=data, allow_redirects=False, headers={"Referer": page.url})
        location = resp.headers.get("Location", "")
        expect(
            resp.status_code in ANY_REDIRECT and "/accounts/login" not in location,
            f"login refused: {describe(resp, show_body=False)}",
        )
        return f"{resp.status_code} to {location}"

    def html_checks(self, state: EntityState) -> None:
        prefix = f"html.{state.plural}"
        self.rec.run(f"{prefix}.list", lambda: self.html_list(state))
        self.rec.run(f"{prefix}.detail", lambda: self.html_detail(state))
        self.rec.run(f"{prefix}.new_form", lambda: self.html_new_form(state))
        self.rec.run(f"{prefix}.anonymous_create", lambda: self.html_anonymous_create(state))
        self.rec.run(f"{prefix}.create", lambda: self.html_create(state))
        self.rec.run(f"{prefix}.edit", lambda: self.html_edit(state))
        self.rec.run(f"{prefix}.export", lambda: self.html_export(state))
        self.rec.run(f"{prefix}.delete", lambda: self.html_delete(state))

    def html_get(self, http: Http, path: str, params: Mapping[str, str] | None = None) -> requests.Response:
        resp = http.get(path, params=params)
        expect(resp.status_code == 200, describe(resp))
        return resp

    def signed_in_get(self, path: str) -> requests.Response:
        resp = self.html_get(self.web, path)
        expect(
            LOGIN_PATH.rstrip("/") not in resp.url,
            f"GET {path} was sent to {resp.url}: not signed in",
        )
        return resp

    def html_list(self, state: EntityState) -> str:
        path = f"/{state.plural}/"
        self.html_get(self.public, path)
        self.html_get(self.public, path, params={"q": state.search_q or self.factory.token})
        if self.count(state) > PAGE_SIZE:
            self.html_get(self.public, path, params={"page": "2"})
            return "200 for the list, ?q= and ?page=2"
        return "200 for the list and ?q= (?page=2 not tried: 20 rows or fewer)"

    def html_detail(self, state: EntityState) -> str:
        self.html_get(self.public, f"/{state.plural}/{state.main_pk()}/")
        return "200"

    def html_new_form(self, state: EntityState) -> str:
        resp = self.signed_in_get(f"/{state.plural}/new/")
        wanted = [f["name"] for f in editable_fields(state.entity)]
        missing = [n for n in wanted if n not in control_names(resp.text)]
        expect(not missing, f"GET /{state.plural}/new/ has no inputs named {missing}")
        return f"200 with inputs {wanted}"

    def html_anonymous_create(self, state: EntityState) -> str:
        anonymous = Http(self.target.base_url)
        # This may land on the login page; the token of its form will do.
        page = anonymous.get(f"/{state.plural}/new/")
        forms = parse_forms(page.text)
        form = pick_form(forms, state.entity_field_names()) if forms else None
        form = form or next((f for f in forms if f.hidden_inputs()), None)
        data = form.hidden_inputs() if form else {}
        sent = self.payload(state.entity)
        data.update(to_form(state.entity, sent))
        before = self.count(state)
        resp = anonymous.post(f"/{state.plural}/new/", data=data, headers={"Referer": page.url})
        after = self.count(state)
        if after != before:
            self.adopt_strays(state, sent)
        urls = [r.headers.get("Location", "") for r in resp.history] + [resp.url]
        expect(
            bool(resp.history) and any("/accounts/login" in u for u in urls),
            f"not sent to the login page: {describe(resp)}",
        )
        expect(after == before, f"count {before} -> {after} after an anonymous form post")
        return f"sent to {resp.url}, nothing stored"

    def submit(self, state: EntityState, path: str, payload: Mapping[str, Any]) -> requests.Response:
        """Load the form at `path` signed in, fill it from `payload` and post it (redirects not followed)."""
        page = self.signed_in_get(path)
        form = pick_form(parse_forms(page.text), state.entity_field_names())
        expect(form is not None, f"GET {path} has no form with the entity's fields")
        assert form is not None
        data = form.hidden_inputs()
        data.update(to_form(state.entity, payload))
        action = urljoin(page.url, form.action)
        return self.web.post(action, data=data, allow_redirects=False, headers={"Referer": page.url})

    def redirected_detail(self, state: EntityState, resp: requests.Response) -> str:
        expect(resp.status_code in FORM_REDIRECTS, f"no 302/303: {describe(resp)}")
        location = urljoin(resp.url, resp.headers.get("Location", ""))
        pk = detail_id(location, self.target.base_url, state.plural)
        expect(pk is not None, f"redirected to {location!r}, not /{state.plural}/<id>/")
        assert pk is not None
        return pk

    def html_create(self, state: EntityState) -> str:
        sent = self.payload(state.entity)
        resp = self.submit(state, f"/{state.plural}/new/", sent)
        try:
            pk = self.redirected_detail(state, resp)
        except CheckFailed:
            self.adopt_strays(state, sent)
            raise
        got = json_body(self.public.get(self.item_path(state, pk)))
        self.remember(state, got)
        state.html_pk, state.html_sent = str(pk), sent
        problems = object_problems(state.entity, sent, got, wall_clock=True)
        expect(not problems, f"stored from the form: {'; '.join(problems)}")
        return f"{resp.status_code} to /{state.plural}/{pk}/, stored as posted"

    def html_edit(self, state: EntityState) -> str:
        pk, sent = state.html_object()
        f = patch_field(state.entity)
        expect(f is not None, "the entity has no editable field to change")
        assert f is not None
        changed = dict(sent, **{f["name"]: fresh_value(self.factory, f, sent.get(f["name"]))})
        resp = self.submit(state, f"/{state.plural}/{pk}/edit/", changed)
        expect(
            self.redirected_detail(state, resp) == pk,
            f"redirected to {resp.headers.get('Location')}",
        )
        got = json_body(self.public.get(self.item_path(state, pk)))
        problems = object_problems(state.entity, {f["name"]: changed[f["name"]]}, got, wall_clock=True)
        expect(not problems, f"edit not visible through the API: {'; '.join(problems)}")
        state.html_sent = changed
        return f"{resp.status_code} to the detail page, {f['name']} changed"

    def html_export(self, state: EntityState) -> str:
        count = self.count(state)
        resp = self.public.get(f"/{state.plural}/export.csv")
        expect(resp.status_code == 200, describe(resp))
        content_type = resp.headers.get("Content-Type", "")
        expect(content_type.startswith("text/csv"), f"Content-Type {content_type!r}")
        header = [state.pk_name] + [f["name"] for f in state.entity["fields"]]
        pk = state.main_pk() if state.obj is not None else None
        problems = csv_problems(resp.content.decode("utf-8-sig"), header, count, pk)
        expect(not problems, "; ".join(problems))
        return f"200 text/csv, {count} rows"

    def html_delete(self, state: EntityState) -> str:
        pk, _ = state.html_object()
        detail = self.html_get(self.web, f"/{state.plural}/{pk}/")
        forms = parse_forms(detail.text)
        form = next((f for f in forms if "delete" in f.action), None)
        if form is None:
            # No delete button on the detail page: the edit form's token will do.
            edit = parse_forms(self.signed_in_get(f"/{state.plural}/{pk}/edit/").text)
            form = next((f for f in edit + forms if f.hidden_inputs()), None)
        data = form.hidden_inputs() if form else {}
        resp = self.web.post(
            f"/{state.plural}/{pk}/delete/",
            data=data,
            allow_redirects=False,
            headers={"Referer": detail.url},
        )
        expect(resp.status_code in ANY_REDIRECT, f"no redirect: {describe(resp)}")
        gone = self.public.get(self.item_path(state, pk))
        expect(gone.status_code == 404, f"still there after the delete: {describe(gone)}")
        self.forget(state, pk)
        return f"{resp.status_code}, then 404 through the API"

    # ----------------------------------------------------------------- cleanup

    def cleanup(self) -> None:
        """Delete what the run created, newest first (so rows pointing at others go before them)."""
        for plural, pk in reversed(self.created):
            try:
                self.api.request("DELETE", f"/api/{plural}/{pk}/")
            except requests.RequestException:
                pass
        self.created.clear()


def _json_or_none(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def _contains(row: Any, fields: Sequence[str], query: str) -> bool:
    if not isinstance(row, dict):
        return False
    return any(query.lower() in str(row.get(name) or "").lower() for name in fields)


def run_contract(target: Target) -> list[CheckResult]:
    """Run every check of CONTRACT.md against `target`; never stops early, never raises for the app."""
    return _Driver(target).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ladder.contract",
        description="Check a running app against CONTRACT.md.",
    )
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--model", required=True, help="the parsed entity model, as JSON")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--no-html", dest="html", action="store_false", help="an API-only rung")
    args = parser.parse_args(argv)
    with open(args.model, encoding="utf-8") as handle:
        model = json.load(handle)
    target = Target(args.base_url, model, args.username, args.password, html=args.html)
    results = run_contract(target)
    for result in results:
        print(f"{'PASS' if result.ok else 'FAIL'} {result.name}: {result.detail}")
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

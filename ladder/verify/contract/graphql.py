"""The GraphQL contract (the fraiseql rung): `POST /graphql` with the entity spec's names, token auth for
mutations, typed success and error results that store nothing on refusal, and bad requests answered with
GraphQL errors, never a server error.

It shares the REST driver's parts: its clients and created rows (`driver`), the values it sends and how they
are compared (`values`), the validation rules of each field (`model`) and the health checks (`health`).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Mapping
from functools import partial
from typing import Any

import requests

from ladder.verify.contract.checks import CheckFailed, CheckResult, expect
from ladder.verify.contract.client import describe, json_body, short
from ladder.verify.contract.driver import EntityState
from ladder.verify.contract.health import HealthChecks
from ladder.verify.contract.model import (
    WRONG_TYPE,
    Entity,
    Field,
    editable_fields,
    entity_order,
    missing_pk,
    patch_field,
    pk_name,
    validation_cases,
)
from ladder.verify.contract.values import fresh_value, object_problems

ENDPOINT = "/graphql"
TOKEN_PATH = "/auth/token/"  # noqa: S105 (a path, not a secret)
MAX_LIMIT = 100
# Failed token requests after which a lockout must have begun.
LOCKOUT_ATTEMPTS = 20
# Deeper than any documented limit, and than any query of a schema without cycles.
TOO_DEEP = 40


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def input_name(f: Field) -> str:
    """The input field that carries `f`: a ref takes the referenced id (`author` -> `authorId`)."""
    return camel(f["name"]) + ("Id" if f["kind"] == "ref" else "")


class Names:
    """The GraphQL names of an entity (Book -> books, booksCount, book, createBook, CreateBookInput...)."""

    def __init__(self, entity: Entity, by_name: Mapping[str, Entity]) -> None:
        self.entity = entity
        self.name = str(entity["name"])
        self.list = camel(str(entity["plural"]))
        self.count = self.list + "Count"
        self.one = camel(str(entity["snake"]))
        fields = [pk_name(entity)]
        for f in entity["fields"]:
            target = by_name.get(str(f.get("target")))
            fields.append(f"{camel(f['name'])} {{ {pk_name(target)} }}" if target else camel(f["name"]))
        self.selection = " ".join(fields)

    def mutation(self, action: str) -> str:
        """The document of createX / updateX / deleteX, selecting both members of its result union."""
        field = f"{action.lower()}{self.name}"
        args = {
            "Create": "$input: Create{n}Input!",
            "Update": "$id: ID!, $input: Update{n}Input!",
            "Delete": "$id: ID!",
        }
        passed = {"Create": "input: $input", "Update": "id: $id, input: $input", "Delete": "id: $id"}
        success = pk_name(self.entity) if action == "Delete" else f"{self.one} {{ {self.selection} }}"
        return (
            f"mutation {action}({args[action].format(n=self.name)}) {{ {field}({passed[action]}) {{ __typename "
            f"... on {action}{self.name}Success {{ {success} }} "
            f"... on {action}{self.name}Error {{ message fieldErrors {{ field message }} }} }} }}"
        )


def to_input(entity: Entity, payload: Mapping[str, Any]) -> dict[str, Any]:
    """A REST payload (field names, ref pks) as a mutation's input (camelCase, `<ref>Id`, decimals as strings)."""
    fields = {f["name"]: f for f in editable_fields(entity)}
    values: dict[str, Any] = {}
    for name, value in payload.items():
        f = fields[name]
        plain = value is None or f["kind"] in ("int", "float", "bool")
        values[input_name(f)] = value if plain else str(value)
    return values


def from_graphql(entity: Entity, obj: Any, by_name: Mapping[str, Entity]) -> Any:
    """A GraphQL object as the REST shape `object_problems` reads: field names, a ref as the referenced pk."""
    if not isinstance(obj, dict):
        return obj
    plain: dict[str, Any] = {pk_name(entity): obj.get(pk_name(entity))}
    for f in entity["fields"]:
        key = camel(f["name"])
        if key in obj:
            value = obj[key]
            if f["kind"] == "ref" and isinstance(value, dict):
                value = value.get(pk_name(by_name[f["target"]]))
            plain[f["name"]] = value
    return plain


class GraphQLDriver(HealthChecks):
    """Every check of the GraphQL contract, in order; each recorded, none stopping the others."""

    token = ""

    def run(self) -> list[CheckResult]:
        self.rec.run("health.live", self.health_live)
        self.rec.run("health.ready", self.health_ready)
        self.rec.run("auth.token", self.auth_token)
        self.rec.run("auth.bad_password", self.auth_bad_password)
        for entity in entity_order(self.entities):
            self.entity_checks(EntityState(entity))
        for name, check in self.bad_requests().items():
            self.rec.run(f"graphql.bad_input.{name}", check)
        self.rec.run("graphql.no_introspection", self.no_introspection)
        self.rec.run("graphql.no_playground", self.no_playground)
        self.rec.run("http.not_found", self.not_found)
        self.rec.run("auth.lockout", self.auth_lockout)  # last: it locks this address out of new tokens
        self.cleanup()
        return self.rec.results

    def entity_checks(self, state: EntityState) -> None:
        prefix = f"graphql.{state.plural}"
        self.rec.run(f"{prefix}.anonymous_create", lambda: self.anonymous_create(state))
        self.rec.run(f"{prefix}.create", lambda: self.create_check(state))
        self.rec.run(f"{prefix}.detail", lambda: self.detail(state))
        self.rec.run(f"{prefix}.update", lambda: self.update(state))
        self.rec.run(f"{prefix}.list", lambda: self.listing(state))
        for name in state.entity.get("search") or []:
            self.rec.run(f"{prefix}.search.{name}", partial(self.search, state, name))
        self.rec.run(f"{prefix}.pagination", lambda: self.pagination(state))
        for rule, f in validation_cases(state.entity):
            self.rec.run(f"{prefix}.invalid.{rule}.{f['name']}", partial(self.invalid, state, rule, f))
        self.rec.run(f"{prefix}.delete", lambda: self.delete(state))

    # -- requests ---------------------------------------------------------------------------------------------

    def graphql(self, query: str, variables: Mapping[str, Any] | None = None, *, auth: bool = False) -> Any:
        """A GraphQL request answered 200 with a JSON object; its body."""
        headers = {"Authorization": f"Bearer {self.token}"} if auth and self.token else {}
        resp = self.public.post(ENDPOINT, json={"query": query, "variables": dict(variables or {})}, headers=headers)
        expect(resp.status_code == 200, describe(resp))
        body = json_body(resp)
        expect(isinstance(body, dict) and ("data" in body or "errors" in body), describe(resp))
        return body

    def data(self, query: str, variables: Mapping[str, Any] | None = None, *, auth: bool = False) -> Any:
        body = self.graphql(query, variables, auth=auth)
        expect(not body.get("errors"), f"errors: {short(body.get('errors'))}")
        return body["data"]

    def plain(self, state: EntityState, obj: Any) -> Any:
        return from_graphql(state.entity, obj, self.by_name)

    def names(self, state: EntityState) -> Names:
        return Names(state.entity, self.by_name)

    def count_of(self, state: EntityState, q: str | None = None) -> int:
        names = self.names(state)
        count = self.data(f"query Count($q: String) {{ {names.count}(q: $q) }}", {"q": q})[names.count]
        expect(isinstance(count, int), f"{names.count} is not an integer: {count!r}")
        return int(count)

    def listed(self, state: EntityState, **args: Any) -> list[dict[str, Any]]:
        names = self.names(state)
        declared, passed = "$limit: Int, $offset: Int, $q: String", "limit: $limit, offset: $offset, q: $q"
        query = f"query List({declared}) {{ {names.list}({passed}) {{ {names.selection} }} }}"
        rows = self.data(query, {"limit": 20, "offset": 0, **args})[names.list]
        expect(isinstance(rows, list), f"{names.list} is not a list: {short(rows)}")
        return list(rows)

    def one(self, state: EntityState, pk: Any) -> Any:
        names = self.names(state)
        return self.data(f"query One($id: ID!) {{ {names.one}(id: $id) {{ {names.selection} }} }}", {"id": str(pk)})[
            names.one
        ]

    def mutate(self, state: EntityState, action: str, variables: Mapping[str, Any], *, auth: bool = True) -> Any:
        """The mutation's result (its union member) and the whole body."""
        body = self.graphql(self.names(state).mutation(action), variables, auth=auth)
        result = (body.get("data") or {}).get(f"{action.lower()}{state.entity['name']}")
        return result, body

    def existing_pks(self, entity_name: str) -> list[Any]:
        entity = self.by_name.get(entity_name)
        if entity is None:
            return []
        try:
            return [row[pk_name(entity)] for row in self.listed(EntityState(entity))]
        except CheckFailed:
            return []

    def create_row(self, state: EntityState, payload: Mapping[str, Any]) -> dict[str, Any]:
        result, body = self.mutate(state, "Create", {"input": to_input(state.entity, payload)})
        expect(
            isinstance(result, dict) and result.get("__typename") == f"Create{state.entity['name']}Success",
            f"not created: {short(body)}",
        )
        obj = self.plain(state, result[self.names(state).one])
        self.remember(state, obj)
        return dict(obj)

    def cleanup(self) -> None:
        """Delete what the run created, newest first (rows pointing at others go before them)."""
        for plural, pk in reversed(self.created):
            entity = next(e for e in self.entities if e["plural"] == plural)
            # A failed cleanup leaves a row in a scratch database, nothing more.
            with contextlib.suppress(CheckFailed, requests.RequestException):
                self.mutate(EntityState(entity), "Delete", {"id": pk})
        self.created.clear()

    # -- auth -------------------------------------------------------------------------------------------------

    def auth_token(self) -> str:
        resp = self.public.post(TOKEN_PATH, json={"username": self.target.username, "password": self.target.password})
        expect(resp.status_code == 200, describe(resp))
        token = json_body(resp).get("token")
        expect(isinstance(token, str) and len(token) >= 20, f"no token: {describe(resp)}")
        self.token = str(token)
        return "200 with a token"

    def auth_bad_password(self) -> str:
        resp = self.public.post(TOKEN_PATH, json={"username": self.target.username, "password": "wrong-password"})
        expect(resp.status_code in (400, 401, 403), describe(resp))
        expect("token" not in (json_body(resp) or {}), f"a token for a wrong password: {describe(resp)}")
        return f"{resp.status_code} without a token"

    def auth_lockout(self) -> str:
        """Repeated failed token requests get 429 with Retry-After (the contract's rule for logins)."""
        username = f"nobody-{uuid.uuid4().hex[:8]}"
        for attempt in range(1, LOCKOUT_ATTEMPTS + 1):
            resp = self.public.post(TOKEN_PATH, json={"username": username, "password": "wrong-password"})
            if resp.status_code == 429:
                expect(bool(resp.headers.get("Retry-After")), f"429 without Retry-After: {describe(resp)}")
                return f"429 after {attempt} attempts, Retry-After {resp.headers['Retry-After']}"
            expect(resp.status_code in (400, 401, 403), describe(resp))
        raise CheckFailed(f"{LOCKOUT_ATTEMPTS} failed token requests and no 429")

    # -- one entity -------------------------------------------------------------------------------------------

    def anonymous_create(self, state: EntityState) -> str:
        before = self.count_of(state)
        result, body = self.mutate(
            state, "Create", {"input": to_input(state.entity, self.payload(state.entity))}, auth=False
        )
        after = self.count_of(state)
        codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
        expect("UNAUTHENTICATED" in codes, f"no UNAUTHENTICATED error: {short(body)}")
        expect(result is None and after == before, f"count {before} -> {after}, result {short(result)}")
        return "UNAUTHENTICATED, nothing stored"

    def create_check(self, state: EntityState) -> str:
        sent = self.payload(state.entity)
        obj = self.create_row(state, sent)
        problems = object_problems(state.entity, sent, obj)
        expect(not problems, f"{problems}: {short(obj)}")
        state.obj = obj
        return f"created {state.pk_name}={obj[state.pk_name]}"

    def detail(self, state: EntityState) -> str:
        got = self.plain(state, self.one(state, state.main_pk()))
        problems = object_problems(state.entity, {k: v for k, v in state.main().items() if k != state.pk_name}, got)
        expect(not problems and got[state.pk_name] == state.main_pk(), f"{problems}: {short(got)}")
        missing = self.one(state, missing_pk(state.entity))
        expect(missing is None, f"an unknown id answered {short(missing)}")
        return "the object as created; an unknown id is null"

    def update(self, state: EntityState) -> str:
        f = patch_field(state.entity)
        if f is None:
            return "no field to change"
        value = fresh_value(self.factory, f, state.main().get(f["name"]))
        variables = {"id": state.main_pk(), "input": to_input(state.entity, {f["name"]: value})}
        result, body = self.mutate(state, "Update", variables)
        expect(
            isinstance(result, dict) and result.get("__typename") == f"Update{state.entity['name']}Success",
            f"not updated: {short(body)}",
        )
        got = self.plain(state, result[self.names(state).one])
        # What the input can set is kept as it was, but the changed field; the server's own (auto_now) may move.
        editable = {e["name"] for e in editable_fields(state.entity)}
        expected = {k: v for k, v in {**state.main(), f["name"]: value}.items() if k in editable}
        problems = object_problems(state.entity, expected, got)
        expect(not problems, f"{problems}: {short(got)}")
        state.obj = got
        return f"{f['name']} changed, the other fields kept"

    def listing(self, state: EntityState) -> str:
        rows = self.listed(state)
        expect(bool(rows), "the list is empty")
        first = self.plain(state, rows[0])
        expect(str(first[state.pk_name]) == state.main_pk(), f"newest first: {short(rows[0])}")
        count = self.count_of(state)
        expect(count >= len(rows), f"count {count} < {len(rows)} listed")
        return f"newest first, count {count}"

    def search(self, state: EntityState, name: str) -> str:
        value = state.main().get(name)
        if not isinstance(value, str) or not value:
            return f"{name} is empty: nothing to search"
        q = value[-12:].upper()
        rows = [self.plain(state, r) for r in self.listed(state, q=q)]
        expect(any(str(r[state.pk_name]) == state.main_pk() for r in rows), f"q={q!r} did not find it")
        expect(self.count_of(state, q) == len(rows), f"{self.names(state).count}(q) differs from the list")
        nothing = self.count_of(state, uuid.uuid4().hex)
        expect(nothing == 0, f"a random q counted {nothing}")
        # `%` and `_` are what they are, not LIKE's wildcards: no row made here has either.
        wild = {w: self.count_of(state, w) for w in ("%", "_")}
        expect(not any(wild.values()), f"q as a wildcard counted {wild}")
        return f"q={q!r} finds it, case-insensitive; % and _ match themselves"

    def pagination(self, state: EntityState) -> str:
        self.create_row(state, self.payload(state.entity))
        first, second = self.listed(state, limit=1, offset=0), self.listed(state, limit=1, offset=1)
        expect(len(first) == 1 and len(second) == 1, f"limit 1 gave {len(first)} and {len(second)} rows")
        expect(first[0] != second[0], "offset 1 repeats offset 0")
        body = self.graphql(f"{{ {self.names(state).list}(limit: {MAX_LIMIT + 1}) {{ {pk_name(state.entity)} }} }}")
        expect(bool(body.get("errors")), f"limit {MAX_LIMIT + 1} answered {short(body)}")
        return f"limit and offset page; limit {MAX_LIMIT + 1} is an error"

    def invalid(self, state: EntityState, rule: str, f: Field) -> str:
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
        before = self.count_of(state)
        result, body = self.mutate(state, "Create", {"input": to_input(state.entity, sent)})
        after = self.count_of(state)
        if isinstance(result, dict) and result.get("__typename", "").endswith("Success"):
            self.remember(state, self.plain(state, result.get(self.names(state).one)), for_refs=False)
        expect(after == before, f"count {before} -> {after}: {short(body)}")
        if isinstance(result, dict) and result.get("__typename") == f"Create{state.entity['name']}Error":
            fields = [e.get("field") for e in result.get("fieldErrors") or []]
            expect(input_name(f) in fields, f"the error names {fields}, not {input_name(f)!r}")
            return f"{result['__typename']} names {input_name(f)!r}"
        # A value GraphQL itself cannot take (a string for an Int) is refused before the resolver runs.
        messages = " ".join(str(e.get("message")) for e in body.get("errors") or [])
        expect(rule == "wrong_type" and bool(messages), f"neither a typed error nor a GraphQL error: {short(body)}")
        return f"GraphQL error: {short(messages, 120)}"

    def delete(self, state: EntityState) -> str:
        pk = state.main_pk()
        result, body = self.mutate(state, "Delete", {"id": pk})
        expect(
            isinstance(result, dict) and result.get("__typename") == f"Delete{state.entity['name']}Success",
            f"not deleted: {short(body)}",
        )
        expect(self.one(state, pk) is None, "still readable after its deletion")
        self.forget(state, pk)
        return "deleted, then null"

    # -- bad requests -----------------------------------------------------------------------------------------

    def bad_requests(self) -> dict[str, Any]:
        """Requests a client gets wrong: each answered with errors (and a 2xx or 4xx status), never a 500."""
        entity = entity_order(self.entities)[0]
        names = Names(entity, self.by_name)
        pk = pk_name(entity)
        deep = f"{{ {names.list} {{ " + "nested { " * TOO_DEEP + "id" + " }" * (TOO_DEEP + 2)
        return {
            "syntax": partial(self.refused, {"query": f"{{ {names.list} {{ "}),
            "unknown_field": partial(self.refused, {"query": f"{{ {names.list} {{ notAField }} }}"}),
            "wrong_variable_type": partial(
                self.refused,
                {"query": f"query L($l: Int) {{ {names.list}(limit: $l) {{ {pk} }} }}", "variables": {"l": "ten"}},
            ),
            "too_deep": partial(self.refused, {"query": deep}),
            "limit_too_large": partial(self.refused, {"query": f"{{ {names.list}(limit: 100000) {{ {pk} }} }}"}),
            "body_too_large": partial(
                self.refused, {"query": f"{{ {names.list} {{ {pk} }} }}", "pad": "x" * 2_000_000}
            ),
            "not_json": partial(self.refused, None),
        }

    def refused(self, payload: Mapping[str, Any] | None) -> str:
        if payload is None:
            resp = self.public.post(ENDPOINT, data=b"{not json", headers={"Content-Type": "application/json"})
        else:
            resp = self.public.post(ENDPOINT, json=payload)
        expect(resp.status_code < 500, describe(resp, show_body=False))
        body = json_body(resp)
        expect(isinstance(body, dict) and bool(body.get("errors")), f"no errors: {describe(resp, show_body=False)}")
        return f"{resp.status_code}: {short(body['errors'][0].get('message'), 100)}"

    def no_introspection(self) -> str:
        body = self.graphql("{ __schema { queryType { name } } }")
        expect(bool(body.get("errors")) and not (body.get("data") or {}).get("__schema"), f"answered {short(body)}")
        return "refused with DEBUG off"

    def no_playground(self) -> str:
        resp = self.public.get(ENDPOINT, headers={"Accept": "text/html"})
        text = resp.text.lower()
        expect("graphiql" not in text and "playground" not in text, f"a playground: {describe(resp, show_body=False)}")
        return f"GET {ENDPOINT} -> {resp.status_code}, no playground"

    def not_found(self) -> str:
        resp = self.public.get("/no-such-page/")
        expect(resp.status_code == 404, describe(resp))
        expect("Traceback" not in resp.text, "a stack trace in the 404")
        return "404"


def run_graphql_contract(target: Any) -> list[CheckResult]:
    """Run every check of the GraphQL contract against `target`; never stops early, never raises for the app."""
    return GraphQLDriver(target).run()

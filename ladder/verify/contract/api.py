"""The JSON API of each entity: create, read, PATCH, PUT, list, search, pagination, each validation rule
(400 naming the field, nothing stored), delete, and writes refused to anonymous clients."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

from ladder.verify.contract.checks import PAGE_SIZE, expect
from ladder.verify.contract.client import Http, describe, json_body, json_or_none, short
from ladder.verify.contract.driver import DriverBase, EntityState
from ladder.verify.contract.model import WRONG_TYPE, Field, field_named, missing_pk, patch_field
from ladder.verify.contract.values import fresh_value, object_problems


def error_body_problem(body: Any, field_name: str) -> str | None:
    """Why a 400 body is not the contract's `{"<field>": ["message", ...]}` for `field_name`, or None."""
    if not isinstance(body, dict):
        return f"400 body is not a JSON object: {short(body)}"
    if field_name not in body:
        return f"400 body does not name {field_name!r}: {short(body)}"
    messages = body[field_name]
    if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
        return f"{field_name!r} is not a list of strings: {short(messages)}"
    return None


def _contains(row: Any, fields: Sequence[str], query: str) -> bool:
    if not isinstance(row, dict):
        return False
    return any(query.lower() in str(row.get(name) or "").lower() for name in fields)


class ApiChecks(DriverBase):
    """The API checks of one entity."""

    def api_anonymous_create(self, state: EntityState) -> str:
        before = self.count(state)
        resp = Http(self.target.base_url).post(self.list_path(state), json=self.payload(state.entity))
        after = self.count(state)
        if resp.status_code in (200, 201):
            self.remember(state, json_or_none(resp), for_refs=False)
        expect(resp.status_code in (401, 403), describe(resp))
        expect(after == before, f"count {before} -> {after} after {describe(resp)}")
        return f"{resp.status_code}, nothing stored"

    def api_create(self, state: EntityState) -> str:
        sent = self.payload(state.entity)
        state.obj = self.create(state, sent)
        problems = object_problems(state.entity, sent, state.obj)
        expect(
            not problems,
            f"POST {self.list_path(state)} {short(sent)}: {'; '.join(problems)}",
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
        return f"200, {short(change)} stored"

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
        expect(isinstance(body["count"], int), f"count is not an integer: {short(body)}")
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
            f"?q={query} did not find {needle!r}: {short(body)}",
        )
        search = entity.get("search") or []
        strays = [r for r in body["results"] if not _contains(r, search, query)]
        expect(not strays, f"?q={query} also returned rows without it: {short(strays)}")
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
            self.remember(state, json_or_none(resp), for_refs=False)
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

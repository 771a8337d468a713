"""The state every section of the contract shares: the app's three clients (anonymous, API token, signed-in
browser), the rows a run created (for refs and the cleanup), and the API helpers the sections build on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from ladder.verify.contract.checks import CheckFailed, Recorder, Target, expect
from ladder.verify.contract.client import Http, describe, json_body
from ladder.verify.contract.model import Entity, editable_fields, pk_name
from ladder.verify.contract.values import ValueFactory, build_payload


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


class DriverBase:
    """Clients, created rows and API helpers; the sections of the contract are its subclasses."""

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

    def cleanup(self) -> None:
        """Delete what the run created, newest first (so rows pointing at others go before them)."""
        for plural, pk in reversed(self.created):
            try:
                self.api.request("DELETE", f"/api/{plural}/{pk}/")
            except requests.RequestException:
                pass
        self.created.clear()

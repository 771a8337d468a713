"""The parsed entity model (docs/entity-model.md): fields, primary keys, the order in which entities can be
created, and which of the contract's validation rules apply to each field."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

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
    """The (rule, field) pairs of the contract's 400 rules that apply to this entity.

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

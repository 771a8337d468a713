"""The entity spec parser (templates/macros/spec.jinja), through ladder.build.spec, which renders the same macro."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from ladder.build import reserved_names, rungs
from ladder.build.spec import DEFAULT_ENTITIES, load_answers, parse

from .conftest import EVERY_KIND


def _entity(model: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in model["entities"] if e["name"] == name)
    return found


def _field(entity: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in entity["fields"] if f["name"] == name)
    return found


def test_default_spec_is_the_task_entity() -> None:
    model = parse(DEFAULT_ENTITIES)
    assert model["errors"] == []
    task = _entity(model, "Task")
    assert task["pk"] == {"name": "id", "kind": "uuid"}
    assert [f["name"] for f in task["fields"]] == ["title", "completed", "created_at"]
    assert task["label"] == "title"
    assert _field(task, "completed")["default"] is False
    assert _field(task, "created_at")["editable"] is False


@pytest.mark.parametrize(
    ("name", "plural"),
    [("Task", "tasks"), ("Category", "categories"), ("Box", "boxes"), ("Day", "days"), ("Match", "matches")],
)
def test_plurals(name: str, plural: str) -> None:
    assert _entity(parse({name: {"n": "int"}}), name)["plural"] == plural


def test_every_kind_is_typed() -> None:
    model = parse(EVERY_KIND)
    assert model["errors"] == []
    project, task = _entity(model, "Project"), _entity(model, "Task")
    assert project["pk"] == {"name": "id", "kind": "int"}
    budget = _field(project, "budget")
    assert (budget["kind"], budget["max_digits"], budget["decimal_places"], budget["default"]) == (
        "decimal",
        10,
        2,
        "0.00",
    )
    assert _field(project, "status")["choices"] == ["draft", "live", "archived"]
    assert _field(task, "project")["target"] == "Project"
    assert _field(task, "estimate")["default"] == 3
    assert _field(task, "weight")["default"] == 1.5
    assert task["search"] == ["title", "notes"]
    assert task["filters"] == ["project", "parent", "done"]
    assert _field(task, "updated_at")["auto_now"] is True


@pytest.mark.parametrize(
    ("entities", "message"),
    [
        ({"Task": {"x": "strr"}}, 'Entity Task, field x: unknown type "strr"'),
        ({"Task": {"done": "bool=maybe"}}, 'Entity Task, field done: bad default "maybe" for bool'),
        ({"Task": {"n": "int=ten"}}, 'Entity Task, field n: bad default "ten" for int'),
        ({"Task": {"s": "enum(a|b)=c"}}, 'Entity Task, field s: default "c" is not one of a|b'),
        ({"Task": {"d": "decimal(4,2)=123.4"}}, "Entity Task, field d: default 123.4 does not fit decimal(4,2)"),
        ({"Task": {"s": "str(3)=toolong"}}, "Entity Task, field s: default is longer than str(3)"),
        ({"Task": {"p": "ref Project"}}, 'Entity Task, field p: ref must name a declared entity (got "Project"'),
        ({"Task": {"id": "uuid pk", "code": "int pk"}}, "Entity Task, field code: an entity has at most one pk"),
        ({"Task": {"n": "str(5) pk"}}, "Entity Task, field n: pk applies only to uuid or int fields"),
        ({"Task": {"n": "int auto_add"}}, "Entity Task, field n: auto_add and auto_now apply only to date"),
        ({"Task": {"n": "int uniq"}}, 'Entity Task, field n: unknown modifier "uniq"'),
        ({"Task": {"class": "int"}}, 'Entity Task, field class: "class" is taken by the generated code'),
        # Names the frameworks use: a Django model method, a JavaScript object built-in, a SQL reserved word.
        ({"Task": {"save": "str"}}, 'Entity Task, field save: "save" is taken by the generated code'),
        ({"Task": {"delete": "str"}}, 'Entity Task, field delete: "delete" is taken by the generated code'),
        ({"Task": {"constructor": "str"}}, 'Entity Task, field constructor: "constructor" is taken'),
        ({"Task": {"order": "int"}}, 'Entity Task, field order: "order" is taken by the generated code'),
        ({"Request": {"n": "int"}}, "Entity Request: the name is taken by Python, JavaScript or a library"),
        ({"Object": {"n": "int"}}, "Entity Object: the name is taken by Python, JavaScript or a library"),
        ({"Task": {"t": "str(1000000000)"}}, "Entity Task, field t: str(1000000000) is longer than the 10485760"),
        ({"Task": {"d": "decimal(2000,2)"}}, "Entity Task, field d: decimal(2000,2) has more than the 1000 digits"),
        ({"Task": {"Title": "int"}}, "Entity Task, field Title: the name must be snake_case"),
        ({"task": {"n": "int"}}, "Entity task: the name must be CamelCase"),
        ({"Task": {"n": 5}}, "Entity Task, field n: the spec must be text"),
        ({"Task": {"d": "date=2020-01-01"}}, "Entity Task, field d: date fields take no default"),
        ({"Task": {"parent": "ref Task required"}}, "Entity Task, field parent: a required ref to its own entity"),
        ({"Task": {"id": "uuid pk"}}, "Entity Task: declare at least one field besides the pk"),
        ({"Task": {"title": "str", "created_at": "date"}}, "Entity Task, field created_at: lists show the newest"),
        # Names the GraphQL schema already has, or two entities would both generate.
        ({"Query": {"n": "int"}}, "Entity Query: the name is a type the GraphQL schema already defines"),
        ({"FieldError": {"n": "int"}}, "Entity FieldError: the name is a type the GraphQL schema already defines"),
        (
            {"CreateBookInput": {"n": "int"}, "Book": {"t": "str"}},
            "Entity CreateBookInput: the GraphQL schema already",
        ),
        (
            {"BookWhere": {"n": "int"}, "CreateBook": {"t": "str"}},
            "Entity CreateBook: its GraphQL type CreateBookWhere",
        ),
        ({"Book": {"n": "int"}, "Books": {"t": "str"}}, "Entity Books: its GraphQL query books is also a query of"),
        ({"Box": {"n": "int"}, "Boxe": {"t": "str"}}, "Entity Boxe: its GraphQL query boxes is also a query of"),
        ({"Book": {"n": "int"}, "BOOK": {"t": "str"}}, "Entity BOOK: the name differs from entity Book only in case"),
        ({}, "The entity spec must map at least one entity name to its fields"),
    ],
)
def test_bad_specs_are_refused_with_one_sentence(entities: dict[str, Any], message: str) -> None:
    errors = parse(entities)["errors"]
    assert errors, "the spec should have been refused"
    assert errors[0].startswith(message)
    assert errors[0].endswith(".")


def test_reserved_names_are_what_the_frameworks_reserve_now() -> None:
    """templates/macros/reserved.jinja is written from Django, Node.js and PostgreSQL; it must not fall behind."""
    missing = [tool for tool in ("node", "psql") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not on PATH: cannot read the reserved names from the frameworks")
    assert reserved_names.main(["--check"]) == 0, "run `python -m ladder.build.reserved_names` and commit the result"


def _features(spec: dict[str, Any]) -> set[tuple[str, ...]]:
    """What of the notation a spec uses: each field's kind with each modifier it carries, a reference to its own
    entity or another, and each primary key kind."""
    found: set[tuple[str, ...]] = set()
    for entity in parse(spec)["entities"]:
        found.add(("pk", entity["pk"]["kind"]))
        for field in entity["fields"]:
            kind = field["kind"]
            found.add((kind,))
            for modifier in ("required", "unique", "has_default", "auto_add", "auto_now"):
                if field[modifier]:
                    found.add((kind, modifier))
            if kind in {"ref", "enum"} and not field["required"] and not field["has_default"]:
                found.add((kind, "optional"))
            if kind == "ref":
                found.add(("ref", "self" if field["target"] == entity["name"] else "other"))
    return found


def test_each_reference_app_uses_every_kind_of_the_notation() -> None:
    """The reference apps' own checks and the smoke are where a spec's generated code is tested, on every rung:
    so their spec (authors, books, loans) uses every kind, modifier and reference the notation has, as the
    spec the templates session renders with does."""
    wanted = _features(EVERY_KIND)
    for rung in rungs.reference_apps():
        entities = load_answers(rung.reference_dir / ".copier-answers.yml")["entities"]
        missing = wanted - _features(entities)
        assert not missing, f"reference-apps/{rung.name}'s spec lacks {sorted(missing)}"

"""The names the FraiseQL track's GraphQL schema defines, as the entity spec's validator knows them
(templates/macros/fraiseql.jinja), checked against a schema FraiseQL builds from the reference app."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.build.spec import load_answers, model_of_project, parse

SCHEMA_NAMES = """
import json
from {slug} import app
from fraiseql.gql.schema_builder import build_fraiseql_schema

schema = build_fraiseql_schema(query_types=[*app.TYPES, *app.QUERIES], mutation_resolvers=app.MUTATIONS)
print(json.dumps(sorted(name for name in schema.type_map if not name.startswith("__"))))
"""


def _validator_names() -> dict[str, Any]:
    from ladder.build.spec import _environment  # the environment Copier's is copied from

    template = _environment().from_string(
        '{% from "templates/macros/fraiseql.jinja" import ENTITY_TYPE_AFFIXES, SCHEMA_TYPE_NAMES %}'
        '{{ {"affixes": ENTITY_TYPE_AFFIXES, "fixed": SCHEMA_TYPE_NAMES} | tojson }}'
    )
    names: dict[str, Any] = json.loads(template.render())
    return names


def _schema_type_names() -> list[str]:
    project = rungs.get("fraiseql-l1").reference_dir
    slug = load_answers(project / ".copier-answers.yml")["project_slug"]
    env = {
        "DEBUG": "true",
        "SECRET_KEY": "k" * 50,
        "DATABASE_URL": "postgresql://127.0.0.1/unused",
        "PATH": "/usr/bin:/bin",
    }
    python = venv_for(project) / "bin" / "python"
    result = subprocess.run(
        [str(python), "-c", SCHEMA_NAMES.format(slug=slug)], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    names: list[str] = json.loads(result.stdout.splitlines()[-1])
    return names


@pytest.mark.slow
def test_the_validator_knows_every_type_the_schema_defines() -> None:
    """Each type of the built schema is an entity's own, one derived from an entity's name, or a fixed one the
    validator refuses as an entity name: no entity can take a name the schema already uses."""
    known = _validator_names()
    project = rungs.get("fraiseql-l1").reference_dir
    derived = {
        prefix + e["name"] + suffix
        for e in model_of_project(project)["entities"]
        for prefix, suffix in known["affixes"]
    }
    own = {e["name"] for e in model_of_project(project)["entities"]}
    unknown = set(_schema_type_names()) - derived - own - set(known["fixed"])
    assert not unknown, f"add these to SCHEMA_TYPE_NAMES or ENTITY_TYPE_AFFIXES in fraiseql.jinja: {sorted(unknown)}"


@pytest.mark.parametrize("name", ["Query", "Mutation", "FieldError", "String", "ID", "StringFilter", "UUID"])
def test_an_entity_may_not_take_a_type_of_the_schema(name: str) -> None:
    errors = parse({name: {"title": "str"}})["errors"]
    assert errors and errors[0].startswith(f"Entity {name}: "), errors


def test_every_derived_type_name_is_refused_as_an_entity_name() -> None:
    for prefix, suffix in _validator_names()["affixes"]:
        name = f"{prefix}Book{suffix}"
        errors = parse({"Book": {"title": "str"}, name: {"n": "int"}})["errors"]
        clash = f"the GraphQL schema already has a type {name}, generated for entity Book"
        assert errors == [f"Entity {name}: {clash}; pick another name."]

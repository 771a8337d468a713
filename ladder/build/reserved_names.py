"""The names an entity or a field may not take, read from the frameworks the generated code runs on.

    python -m ladder.build.reserved_names          # rewrite templates/macros/reserved.jinja
    python -m ladder.build.reserved_names --check  # exit 1 when the frameworks now reserve a name the file lacks

A field is an attribute of a Django model instance and a property of a JavaScript object, and a column in SQL
that people will also query by hand; an entity is a Python class and a JavaScript identifier beside the names
the generated modules import. So the lists come from the frameworks themselves (Django's `Model`, JavaScript's
`Object.prototype` and globals, Python's keywords and builtins, PostgreSQL's reserved keywords), and from the
names the generated Django modules import, never from a hand-kept list of examples.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import importlib
import json
import keyword
import re
import subprocess
import sys
from pathlib import Path

from . import rungs
from .spec import load_answers

OUTPUT = rungs.TEMPLATES / "macros" / "reserved.jinja"
FIELD = re.compile(r"^[a-z][a-z0-9_]*$")
ENTITY = re.compile(r"^[A-Z][A-Za-z0-9]*$")
# Names the generated code gives meaning to on every entity: the key, the ORM's manager, the list's query
# parameters, the form's CSRF field.
GENERATED_FIELDS = {"pk", "id", "objects", "page", "q", "csrfmiddlewaretoken"}


def django_model_attributes() -> set[str]:
    """The attributes of a Django model instance, from the Django series the Django track pins (the `test`
    extra of pyproject.toml installs the same series)."""
    model = importlib.import_module("django.db.models").Model  # imported here: only this command needs Django
    return set(dir(model))


def javascript_names(expression: str) -> set[str]:
    command = ["node", "-e", f"console.log(JSON.stringify({expression}))"]
    return set(json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout))


def postgresql_reserved_keywords() -> set[str]:
    sql = "select word from pg_get_keywords() where catcode = 'R'"
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atc", sql]
    return set(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())


def names_imported_by_generated_python(project: Path) -> set[str]:
    """The library names imported by each generated Django module that names the entities (the app's
    models.py, and every module importing from it): an entity of the same name would clash with one there."""
    app = project / load_answers(project / ".copier-answers.yml")["project_slug"]
    names: set[str] = set()
    for module in project.rglob("*.py"):
        body = ast.parse(module.read_text(encoding="utf-8")).body
        imports = [node for node in body if isinstance(node, ast.ImportFrom | ast.Import)]
        own = [node for node in imports if _imports_the_models(node, module, app)]
        if module != app / "models.py" and not own:
            continue
        for node in imports:
            if isinstance(node, ast.Import):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            elif node not in own and node.level == 0 and not (node.module or "").startswith(app.name):
                names.update(alias.asname or alias.name for alias in node.names)
    return names


def _imports_the_models(node: ast.ImportFrom | ast.Import, module: Path, app: Path) -> bool:
    """`from .models import ...` inside the app, or `from <app>.models import ...` / `from <app> import models`."""
    if not isinstance(node, ast.ImportFrom):
        return False
    if node.level:
        return module.parent == app and node.module == "models"
    return node.module == f"{app.name}.models" or (
        node.module == app.name and "models" in {a.name for a in node.names}
    )


def field_names() -> set[str]:
    candidates = (
        django_model_attributes()
        | javascript_names("Object.getOwnPropertyNames(Object.prototype)")
        | postgresql_reserved_keywords()
        | set(keyword.kwlist)
        | set(keyword.softkwlist)
        | GENERATED_FIELDS
    )
    return {name for name in candidates if FIELD.match(name)}


def entity_names() -> set[str]:
    django_app = max((app.reference_dir for app in rungs.reference_apps() if app.track == "django"), key=str)
    candidates = (
        set(dir(builtins))
        | javascript_names("Object.getOwnPropertyNames(globalThis)")
        | names_imported_by_generated_python(django_app)
        | {"Meta"}  # the inner class of every Django model, form and serializer
    )
    return {name for name in candidates if ENTITY.match(name)}


def render(fields: set[str], entities: set[str]) -> str:
    def jinja_list(names: set[str]) -> str:
        return "[" + ", ".join(f'"{name}"' for name in sorted(names)) + "]"

    return (
        "{#- Written by `python -m ladder.build.reserved_names` from the frameworks; do not edit by hand. -#}\n"
        f"{{%- set FIELD_NAMES = {jinja_list(fields)} -%}}\n"
        f"{{%- set ENTITY_NAMES = {jinja_list(entities)} -%}}\n"
    )


def committed() -> tuple[set[str], set[str]]:
    text = OUTPUT.read_text(encoding="utf-8")
    lists = re.findall(r"set (\w+) = \[([^\]]*)\]", text)
    parsed = {name: set(re.findall(r'"([^"]+)"', body)) for name, body in lists}
    return parsed["FIELD_NAMES"], parsed["ENTITY_NAMES"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = parser.parse_args(argv)
    fields, entities = field_names(), entity_names()
    if not args.check:
        OUTPUT.write_text(render(fields, entities), encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(rungs.REPO_ROOT)}: {len(fields)} field names, {len(entities)} entity names")
        return 0
    kept_fields, kept_entities = committed()
    missing = sorted(fields - kept_fields) + sorted(entities - kept_entities)
    if missing:
        print(f"{OUTPUT.relative_to(rungs.REPO_ROOT)} lacks {missing}: run `python -m ladder.build.reserved_names`")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

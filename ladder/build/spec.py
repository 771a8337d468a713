"""The parsed entity model, read through the same Jinja macro Copier uses.

The entity notation is implemented once, in templates/macros/spec.jinja. Templates reach it through the
`entity_model` computed question; Python code (tests, smoke runners) reaches it through `parse()` here, which
renders that macro in an environment configured like Copier's (sandboxed, with the Ansible core filters).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ENTITIES: dict[str, Any] = yaml.safe_load(
    """
Task:
  id: uuid pk
  title: str(200) required
  completed: bool=false
  created_at: datetime auto_add
"""
)


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(REPO_ROOT)),
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
    )


def parse(entities: Any) -> dict[str, Any]:
    """Return the parsed model (docs/entity-model.md) of an `entities` answer, errors included."""
    template = _environment().from_string('{% from "templates/macros/spec.jinja" import parse %}{{ parse(entities) }}')
    model: dict[str, Any] = json.loads(template.render(entities=entities))
    return model


def load_answers(answers_file: Path) -> dict[str, Any]:
    """Read a Copier answers file."""
    answers: dict[str, Any] = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
    return answers


def model_of_project(project: Path) -> dict[str, Any]:
    """The parsed model of a generated project, from its `.copier-answers.yml`."""
    answers = load_answers(project / ".copier-answers.yml")
    return parse(answers.get("entities", DEFAULT_ENTITIES))

"""Every rung renders with its defaults and with each option flipped one at a time (pytest-copie)."""

from __future__ import annotations

import json
import os
import py_compile
import re
import shutil
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.verify.databases import scratch_database
from ladder.verify.processes import failure_report, run

from .conftest import EVERY_KIND

RUNGS = [r.id for r in rungs.all_rungs()]
DJANGO_RUNGS = [r.id for r in rungs.all_rungs() if r.track == "django"]

# One option flipped at a time, away from its default.
FLIPS: dict[str, dict[str, Any]] = {
    "project_name": {"project_name": "Customer Portal"},
    "project_slug": {"project_slug": "portal"},
    "project_description": {"project_description": "Tracks parcels, one per line."},
    "python_3.11": {"python_version": "3.11"},
    "python_3.13": {"python_version": "3.13"},
    "entities_every_kind": {"entities": EVERY_KIND},
    "entities_int_pk_no_text": {"entities": {"Reading": {"value": "float required", "taken_on": "date required"}}},
}


def _render(copie: Any, answers: dict[str, Any]) -> Path:
    result = copie.copy(extra_answers=answers)
    assert result.exit_code == 0, result.exception
    project: Path = result.project_dir
    return project


def _leftovers(project: Path) -> list[str]:
    """Jinja markers in rendered files. Django's own templates (*.html) use the same markers on purpose, and a
    GitHub workflow's expressions are `${{ ... }}`."""
    found = []
    for path in project.rglob("*"):
        if path.is_file() and path.suffix not in {".html", ".js", ".css"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if ".github" in path.parts:
                text = re.sub(r"\$\{\{.*?\}\}", "", text)
            if "{{" in text or "{%" in text:
                found.append(str(path.relative_to(project)))
    return found


@pytest.mark.parametrize("rung", RUNGS)
def test_renders_with_defaults(copie: Any, rung: str) -> None:
    project = _render(copie, {"rung": rung})
    assert _leftovers(project) == []
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["rung"] == rung
    assert "entity_model" not in answers, "computed values must not be stored"


@pytest.mark.parametrize("rung", DJANGO_RUNGS)
@pytest.mark.parametrize("flip", FLIPS, ids=list(FLIPS))
def test_renders_with_one_option_flipped(copie: Any, rung: str, flip: str) -> None:
    project = _render(copie, {"rung": rung, **FLIPS[flip]})
    assert _leftovers(project) == []
    for source in project.rglob("*.py"):
        py_compile.compile(str(source), doraise=True)
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    assert (project / slug / "models.py").exists()


def test_entity_order_survives_an_answers_file_round_trip(copie: Any) -> None:
    project = _render(copie, {"rung": "django-l0", "entities": EVERY_KIND})
    stored = yaml.safe_load((project / ".copier-answers.yml").read_text())["entities"]
    assert list(stored) == list(EVERY_KIND)
    assert list(stored["Task"]) == list(EVERY_KIND["Task"])


def workflow_checks(project: Path) -> list[str]:
    """The commands of the generated GitHub workflow's `checks` job, past installing the dependencies: the
    project's linters, Django's checks and the tests, exactly as its CI runs them."""
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    commands = [step["run"] for step in workflow["jobs"]["checks"]["steps"] if "run" in step]
    return [command for command in commands if "pip install" not in command]


# The Python each rung's own checks run on: every version the `python_version` question offers is covered
# once across the rungs, without running every rung's checks once per version.
PYTHON_VERSIONS = ["3.13", "3.11", "3.12"]


def _python_for(rung: str) -> str:
    return PYTHON_VERSIONS[DJANGO_RUNGS.index(rung) % len(PYTHON_VERSIONS)]


@pytest.mark.parametrize("rung", DJANGO_RUNGS)
def test_generated_project_passes_its_own_checks(copie: Any, rung: str) -> None:
    """cookiecutter-django style: the rendered project's linters, Django checks and tests pass, run as its own
    GitHub workflow runs them, on the spec with every field kind (the reference apps' own checks, in the smoke,
    cover the Library spec)."""
    project = _render(copie, {"rung": rung, "python_version": _python_for(rung), **FLIPS["entities_every_kind"]})
    venv = venv_for(project)
    # As the generated README sets up development, and as its workflow does: DEBUG=true in the environment
    # (level 1 up defaults it off).
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(project), "DEBUG": "true"}
    checks = workflow_checks(project)
    assert any("pytest" in command for command in checks), checks
    with ExitStack() as stack:
        if rungs.get(rung).level >= 2:  # PostgreSQL only from level 2 (pytest-django makes its test_ database)
            env["DATABASE_URL"] = stack.enter_context(scratch_database("own_checks"))
        for command in checks:
            result = run(command, project, env)
            assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"


# --------------------------------------------------------------------------- the JavaScript track

JS_RUNGS = [r.id for r in rungs.all_rungs() if r.track == "js"]
# The options a JavaScript rung asks (python_version is a Django-track question).
JS_FLIPS = [name for name in FLIPS if not name.startswith("python_")]
SHARED_ANSWERS = {"rung", "project_name", "project_slug", "project_description", "entities"}
# The questions only some JavaScript rungs ask (copier.yml's first document).
JS_RUNG_ANSWERS = {"express-l0": set(), "nextjs-l1": {"database"}, "node-l2": {"web"}}
# The options of those questions, flipped one at a time on the rungs that ask them.
JS_RUNG_FLIPS = [("nextjs-l1", {"database": "sqlite"}), ("node-l2", {"web": "express"})]


def _answers_id(value: str | dict[str, str]) -> str:
    """A test id part: the rung, or the flipped answers (`web=express`; `defaults` for none)."""
    if isinstance(value, str):
        return value
    return ",".join(f"{key}={answer}" for key, answer in value.items()) or "defaults"


@pytest.mark.parametrize("rung", JS_RUNGS)
@pytest.mark.parametrize("flip", JS_FLIPS)
def test_js_rung_renders_with_one_option_flipped(copie: Any, rung: str, flip: str) -> None:
    project = _render(copie, {"rung": rung, **FLIPS[flip]})
    assert _leftovers(project) == []
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    expected = SHARED_ANSWERS | JS_RUNG_ANSWERS[rung]
    assert {key for key in answers if not key.startswith("_")} == expected, "a Django question leaked in"
    package = json.loads((project / "package.json").read_text())
    lock = json.loads((project / "package-lock.json").read_text())
    assert package["name"] == lock["name"] == lock["packages"][""]["name"] == answers["project_slug"].replace("_", "-")
    assert package["dependencies"] == lock["packages"][""]["dependencies"], "package-lock.json is out of step"
    entities = (project / "src" / "entities.ts").read_text()
    for entity in answers["entities"]:
        assert f'name: "{entity}"' in entities


@pytest.mark.parametrize(("rung", "answers"), JS_RUNG_FLIPS, ids=_answers_id)
def test_js_rung_renders_each_own_option(copie: Any, rung: str, answers: dict[str, str]) -> None:
    project = _render(copie, {"rung": rung, **answers})
    assert _leftovers(project) == []
    rendered = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert {key: rendered[key] for key in answers} == answers
    package = json.loads((project / "package.json").read_text())
    lock = json.loads((project / "package-lock.json").read_text())
    assert package["dependencies"] == lock["packages"][""]["dependencies"], "package-lock.json is out of step"


# Every JavaScript rung with its defaults, and with each other answer of its own questions (nextjs-l1 on SQLite,
# node-l2's Express).
JS_PROJECTS: list[tuple[str, dict[str, str]]] = [(rung, {}) for rung in JS_RUNGS] + JS_RUNG_FLIPS


@pytest.mark.parametrize(("rung", "answers"), JS_PROJECTS, ids=_answers_id)
def test_generated_js_project_passes_its_own_checks(copie: Any, rung: str, answers: dict[str, str]) -> None:
    """The rendered project's own checks pass, with the spec that has every field kind (the smoke runs them on
    each reference app's Library spec)."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not on PATH")
    project = _render(copie, {"rung": rung, **answers, **FLIPS["entities_every_kind"]})
    env = {**os.environ, "DEBUG": "true"}
    checks = workflow_checks(project)
    assert "npm test" in checks, checks
    for command in checks:
        result = run(command, project, env)
        assert result.returncode == 0, failure_report(command, result)


def test_rabbitmq_broker_renders_its_settings_and_service(copie: Any) -> None:
    """django-l4's `broker: rabbitmq`: Celery's default broker URL is RabbitMQ's, Redis's visibility timeout is
    gone, and compose runs RabbitMQ for the worker (the smoke runs the job guarantees against RabbitMQ)."""
    project = _render(copie, {"rung": "django-l4", "broker": "rabbitmq"})
    assert _leftovers(project) == []
    settings = (project / "config" / "settings.py").read_text(encoding="utf-8")
    py_compile.compile(str(project / "config" / "settings.py"), doraise=True)
    assert 'CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="amqp://' in settings
    assert "visibility_timeout" not in settings
    services = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))["services"]
    assert {"proxy", "api", "frontend", "worker", "rabbitmq", "redis", "db"} <= set(services)
    assert services["worker"]["depends_on"]["rabbitmq"] == {"condition": "service_healthy"}
    assert services["api"]["environment"]["CELERY_BROKER_URL"].startswith("amqp://")

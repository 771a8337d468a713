"""Every rung renders with its defaults and with each option flipped one at a time (pytest-copie)."""

from __future__ import annotations

import json
import py_compile
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladder.build import rungs
from ladder.build.spec import load_answers

from .conftest import EVERY_KIND
from .own_checks import assert_own_checks_pass

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


def test_reference_apps_cover_every_python_version() -> None:
    """The reference apps' own checks and smoke run on the Python their answers pick: between them, every
    `python_version` the question offers."""
    offered = set(yaml.safe_load((rungs.REPO_ROOT / "copier.yml").read_text())["python_version"]["choices"])
    answers = [load_answers(r.reference_dir / ".copier-answers.yml") for r in rungs.reference_apps()]
    picked = {a.get("python_version") for a in answers}
    assert offered <= picked, f"no reference app runs on {sorted(offered - picked)}"


# --------------------------------------------------------------------------- the JavaScript track

JS_RUNGS = [r.id for r in rungs.all_rungs() if r.track == "js"]
# The options a JavaScript rung asks (python_version is a Django-track question).
JS_FLIPS = [name for name in FLIPS if not name.startswith("python_")]
SHARED_ANSWERS = {"rung", "project_name", "project_slug", "project_description", "entities"}
# The questions only some JavaScript rungs ask (copier.yml's first document).
LEVEL3_ANSWERS = {
    "aws_region",
    "domain_name",
    "multi_az",
    "nat_per_az",
    "db_instance_class",
    "task_cpu",
    "task_memory",
    "web_desired_count",
}
JS_RUNG_ANSWERS = {
    "express-l0": set(),
    "nextjs-l1": {"database"},
    "node-l2": {"web"},
    "node-l3": {"web"} | LEVEL3_ANSWERS,
}
# The options of those questions, flipped one at a time on the rungs that ask them.
JS_RUNG_FLIPS = [
    ("nextjs-l1", {"database": "sqlite"}),
    ("node-l2", {"web": "express"}),
    ("node-l3", {"web": "express"}),
]


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
# node-l2's and node-l3's Express).
JS_PROJECTS: list[tuple[str, dict[str, str]]] = [(rung, {}) for rung in JS_RUNGS] + JS_RUNG_FLIPS


def _variant(rung: str, answers: dict[str, str]) -> tuple[str, str, str]:
    """What a JavaScript project's generated code varies by: its rung, web framework and SQL dialect."""
    level = rungs.get(rung).level
    web = answers.get("web") or ("nextjs" if rungs.get(rung).web == "any" else rungs.get(rung).web)
    sqlite = level == 0 or (level == 1 and answers.get("database") == "sqlite")
    return rung, web, "sqlite" if sqlite else "postgresql"


def _reference_app_variants() -> set[tuple[str, str, str]]:
    """The variants the JavaScript reference apps are: the smoke runs their own checks."""
    apps = [r for r in rungs.reference_apps() if r.track == "js"]
    return {_variant(r.id, load_answers(r.reference_dir / ".copier-answers.yml")) for r in apps}


# Each rung, web and dialect gets its own checks run once. The reference apps' spec uses every kind of the
# notation (tests/test_spec.py) and the smoke runs their own checks; a variant no reference app is (Next.js on
# SQLite, Express on level 3) gets them here, with the every-kind spec.
JS_OWN_CHECK_PROJECTS = [p for p in JS_PROJECTS if _variant(*p) not in _reference_app_variants()]


@pytest.mark.long
@pytest.mark.parametrize(("rung", "answers"), JS_OWN_CHECK_PROJECTS, ids=_answers_id)
def test_generated_js_project_passes_its_own_checks(copie: Any, rung: str, answers: dict[str, str]) -> None:
    """The rendered project's own checks pass, as its generated CI workflow runs them, with the spec that has
    every field kind."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not on PATH")
    project = _render(copie, {"rung": rung, **answers, **FLIPS["entities_every_kind"]})
    assert_own_checks_pass(project, rung)


# --------------------------------------------------------------------------- the FraiseQL track

FRAISEQL_RUNGS = [r.id for r in rungs.all_rungs() if r.track == "fraiseql"]


@pytest.mark.parametrize("rung", FRAISEQL_RUNGS)
@pytest.mark.parametrize("flip", ["project_slug", "entities_int_pk_no_text"])
def test_fraiseql_rung_renders_with_one_option_flipped(copie: Any, rung: str, flip: str) -> None:
    project = _render(copie, {"rung": rung, **FLIPS[flip]})
    assert _leftovers(project) == []
    for source in project.rglob("*.py"):
        py_compile.compile(str(source), doraise=True)
    assert (project / "db" / "migrations" / "002_entities.up.sql").exists()


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

"""What every generated project carries besides its app: pre-commit hooks, a GitHub workflow, an image whose code
the running app cannot change. Each rung with each answer that changes these files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladder.build import rungs
from ladder.build.render import copier_copy

# Every rung, plus the answers that change the workflow or the Dockerfile: the database of level 1, the web of
# level 2, the static server of the Django rungs (it decides who owns the static files' volume).
COMBINATIONS: list[dict[str, str]] = [{"rung": rung.id} for rung in rungs.all_rungs()] + [
    {"rung": "django-l1", "database": "postgres", "static_server": "caddy"},
    {"rung": "nextjs-l1", "database": "sqlite"},
    {"rung": "node-l2", "web": "express"},
]
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
# Where the app's user may write, per track: a SQLite volume, uploads, static files the release step collects
# again, Next.js's cache. Everything else in the image is root's.
WRITABLE = {"/data", "/app/media", "/app/staticfiles", ".next/cache"}


def _id(answers: dict[str, str]) -> str:
    return ",".join(f"{key}={value}" for key, value in answers.items())


@pytest.fixture(scope="module", params=COMBINATIONS, ids=_id)
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    dest = tmp_path_factory.mktemp("habits") / "app"
    copier_copy(rungs.REPO_ROOT, dest, dict(request.param), vcs_ref=None)
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text(encoding="utf-8"))
    return dest, answers


def _level(answers: dict[str, Any]) -> int:
    return rungs.get(answers["rung"]).level


def _postgres(answers: dict[str, Any]) -> bool:
    """Whether the rung runs on PostgreSQL: every fraiseql rung, and the others by level and `database`."""
    if rungs.get(answers["rung"]).track == "fraiseql":
        return True
    return _level(answers) >= 2 or (_level(answers) == 1 and answers.get("database") == "postgres")


def test_pre_commit_config_is_local_and_pinned(project: tuple[Path, dict[str, Any]]) -> None:
    """Hooks that install here (PyPI or the project's own npm scripts), never from a GitHub repository."""
    path, answers = project
    config = yaml.safe_load((path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    for hook in hooks.values():
        if hook["language"] == "python":
            assert all("==" in dep for dep in hook["additional_dependencies"]), hook["id"]
    if (path / "requirements-dev.txt").exists():
        # Python projects: the hooks' tools at the versions CI installs from requirements-dev.txt (djlint where
        # there are Django templates).
        tools = [("ruff-check", "ruff"), ("ruff-format", "ruff")]
        tools += [("djlint", "djlint")] if (path / "manage.py").exists() else []
        assert {hook_id for hook_id, _ in tools} <= set(hooks)
        pinned = dict(
            line.split("==") for line in (path / "requirements-dev.txt").read_text().splitlines() if "==" in line
        )
        for hook_id, tool in tools:
            assert hooks[hook_id]["additional_dependencies"] == [f"{tool}=={pinned[tool]}"], hook_id
    else:
        entries = {hook["entry"] for hook in hooks.values() if hook["language"] == "system"}
        assert entries == {"npm run lint", "npm run typecheck", "npm run format:check"}
    assert "pre-commit install" in (path / "README.md").read_text(encoding="utf-8"), answers["rung"]


def test_workflow_runs_the_checks_with_the_services_the_rung_needs(project: tuple[Path, dict[str, Any]]) -> None:
    path, answers = project
    workflow = yaml.safe_load((path / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" in workflow
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        assert job["timeout-minutes"] <= 30, name
        for step in job["steps"]:
            if "uses" in step:
                assert SHA_PIN.match(step["uses"]), f"{name}: {step['uses']} is not pinned by commit SHA"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name
    services = set(jobs["checks"].get("services", {}))
    expected = ({"postgres"} if _postgres(answers) else set()) | ({"redis"} if _level(answers) >= 2 else set())
    assert services == expected
    env = jobs["checks"]["env"]
    assert ("DATABASE_URL" in env) == _postgres(answers)
    assert ("REDIS_URL" in env) == (_level(answers) >= 2)
    commands = "\n".join(step.get("run", "") for step in jobs["checks"]["steps"])
    if (path / "manage.py").exists():
        wanted = ["ruff check", "ruff format --check", "djlint --lint", "makemigrations --check", "pytest"]
        wanted += ["check --deploy"] if _level(answers) >= 1 else []
    elif (path / "requirements-dev.txt").exists():  # the FraiseQL track
        wanted = ["ruff check", "ruff format --check", "pytest"]
    else:
        wanted = ["npm ci", *(f"npm run {script}" for script in ("lint", "typecheck", "format:check", "build"))]
        wanted += ["npm test"]
    assert [command for command in wanted if command not in commands] == []
    if _level(answers) >= 1:
        assert "docker build" in "\n".join(step.get("run", "") for step in jobs["image"]["steps"])
    else:
        assert set(jobs) == {"checks"}


def _run_stage(dockerfile: str) -> list[str]:
    """The instructions of the last stage, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", dockerfile)
    stages = re.split(r"^FROM ", joined, flags=re.MULTILINE)
    return [line.strip() for line in stages[-1].splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_image_code_is_root_owned(project: tuple[Path, dict[str, Any]]) -> None:
    """The running app cannot overwrite its own code: nothing is copied in owned by the run user, and only the
    directories it writes are handed to it."""
    path, answers = project
    if _level(answers) == 0:
        assert not (path / "Dockerfile").exists()
        return
    instructions = _run_stage((path / "Dockerfile").read_text(encoding="utf-8"))
    copies = [line for line in instructions if line.startswith(("COPY", "ADD"))]
    assert copies, "the run stage copies nothing"
    assert [line for line in copies if "--chown" in line or "--chmod" in line] == []
    owned = [
        target
        for line in instructions
        if line.startswith("RUN")
        for command in re.findall(r"chown (?:-R )?\S+ ([^&;]+)", line)
        for target in command.split()
    ]
    assert set(owned) <= WRITABLE, f"the run user owns {sorted(set(owned) - WRITABLE)}"
    user = next(line for line in instructions if line.startswith("USER"))
    assert not user.split()[1].startswith(("0", "root")), user

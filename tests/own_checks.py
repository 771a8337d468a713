"""A generated project's own checks, run as its GitHub workflow runs them: shared by the tests that render a
project (test_templates) and the ones that update or climb one (test_upgrade)."""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path

import yaml

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.verify.databases import scratch_database
from ladder.verify.processes import failure_report, run


def workflow_checks(project: Path) -> list[str]:
    """The commands of the generated GitHub workflow's `checks` job, past installing the Python dependencies
    (and moto's server, on level 3): the project's linters, type checks, framework checks and tests, exactly as
    its CI runs them."""
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    commands = [step["run"] for step in workflow["jobs"]["checks"]["steps"] if "run" in step]
    return [command for command in commands if "pip install" not in command and "pipx install" not in command]


def assert_own_checks_pass(project: Path, rung: str) -> None:
    """Every command of the project's own workflow passes: on the Django track in the project's venv with
    DEBUG on, as its README sets up development (PostgreSQL from level 2, where pytest-django makes its test
    database); on the FraiseQL track in its venv against PostgreSQL; on the JavaScript track with the
    machine's Node.js."""
    checks = workflow_checks(project)
    assert any("pytest" in command or "npm test" in command for command in checks), checks
    with ExitStack() as stack:
        track, level = rungs.get(rung).track, rungs.get(rung).level
        if track == "js":
            env = {**os.environ, "DEBUG": "true"}
        else:
            venv = venv_for(project)
            env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(project)}
            if track == "django":
                env["DEBUG"] = "true"
            # FraiseQL always, Django from level 2: the tests run against PostgreSQL.
            if track == "fraiseql" or level >= 2:
                env["DATABASE_URL"] = stack.enter_context(scratch_database("own_checks"))
        for command in checks:
            result = run(command, project, env)
            assert result.returncode == 0, failure_report(command, result)

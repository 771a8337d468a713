"""The native smoke of the fraiseql rung: its own checks and tests, the SECRET_KEY refusal, its Caddyfile
through `caddy validate`, then the Procfile's processes driven through the GraphQL contract."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.build.spec import load_answers
from ladder.verify.databases import database_for_level
from ladder.verify.processes import free_port, run
from ladder.verify.report import ADMIN_PASSWORD, ADMIN_USER, Report, run_checks, secret_key_refused, tail
from ladder.verify.serve import serve_and_drive

OWN_CHECKS = {
    "ruff check": "ruff check --no-cache .",
    "ruff format": "ruff format --no-cache --check .",
    "own tests": "python -m pytest -q -p no:cacheprovider",
}


def fraiseql_env(venv: Path, workdir: Path, port: int, database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off, a real key) over plain HTTP on loopback: Caddy is not in front here."""
    return {
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(workdir),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "HTTPS": "false",
        "DATABASE_URL": database_url,
        "ADMIN_USERNAME": ADMIN_USER,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
    }


def caddy_validate(report: Report, project: Path, env: dict[str, str]) -> None:
    caddy = shutil.which("caddy")
    if caddy is None:
        report.skip("caddy validate", "no caddy binary on this machine")
        return
    result = run(f"{caddy} validate --config Caddyfile --adapter caddyfile", project, env)
    # caddy logs its steps as JSON on stderr; its verdict is stdout's last line.
    verdict = result.stdout.strip().splitlines()[-1:] if result.returncode == 0 else [tail(result, 5)]
    report.add("caddy validate", result.returncode == 0, "".join(verdict))


def native_fraiseql(rung: rungs.Rung) -> Report:
    report = Report(rung.name, "native")
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="smoke-")))
        project = workdir / "app"
        shutil.copytree(rung.reference_dir, project, symlinks=True, ignore=shutil.ignore_patterns(".git"))
        slug = str(load_answers(project / ".copier-answers.yml")["project_slug"])
        venv = venv_for(project)
        env = fraiseql_env(venv, workdir, free_port(), stack.enter_context(database_for_level(rung.level, workdir)))
        run_checks(report, project, env, OWN_CHECKS)
        secret_key_refused(report, project, env, f"python -c 'import {slug}.settings'")
        caddy_validate(report, project, env)
        serve_and_drive(report, project, env, workdir, ("createadmin", f"python -m {slug} createadmin"))
    return report

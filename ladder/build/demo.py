"""The first five minutes: render django-l0 into ./demo, install, migrate, seed, create an admin, serve.

Every step prints what it does and how long it took; the total is the figure quoted in the README.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.build.render import copier_copy

DEMO_USER = "demo"


def _step(label: str, started: float) -> None:
    print(f"[{time.monotonic() - started:5.1f} s] {label}", flush=True)


def _manage(venv: Path, project: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run([str(venv / "bin" / "python"), "manage.py", *args], cwd=project, env=env, check=True)


def prepare(project: Path, started: float) -> tuple[Path, dict[str, str], str]:
    """Render, install, migrate, seed and create the admin; returns the venv, the environment and the password."""
    if project.exists():
        shutil.rmtree(project)
    copier_copy(rungs.REPO_ROOT, project, {"rung": "django-l0", "project_name": "Demo"})
    _step(f"rendered django-l0 into {project}", started)
    venv = venv_for(project)
    _step("installed requirements (cached after the first run)", started)
    password = secrets.token_urlsafe(9)
    env = {
        **os.environ,
        # The demo is local development, as the project's README runs it: Django's runserver with DEBUG on.
        "DEBUG": "true",
        "DJANGO_SUPERUSER_USERNAME": DEMO_USER,
        "DJANGO_SUPERUSER_EMAIL": "demo@example.com",
        "DJANGO_SUPERUSER_PASSWORD": password,
    }
    _manage(venv, project, "migrate", "--noinput", "-v", "0", env=env)
    _manage(venv, project, "seed", "--count", "8", env=env)
    _manage(venv, project, "createsuperuser", "--noinput", env=env)
    _step("migrated, seeded sample rows and created the demo admin", started)
    return venv, env, password


def banner(password: str) -> str:
    others = ", ".join(r.id for r in rungs.all_rungs() if r.id != "django-l0") or "more rungs are on the way"
    return f"""
  Demo ready: http://127.0.0.1:8000/
  Log in as {DEMO_USER} / {password} (pages, /admin/, and POST /api/auth/token/ for an API token).

  Next steps:
    * The project lives in ./demo: demo/README.md walks through it.
    * Your own project: uvx copier copy --data rung=django-l0 gh:stack-ladder/stack-ladder myapp
      (uvx comes with uv: python3 -m pip install --user uv)
    * Other rungs: {others}.
    * Later, climb a rung: uvx copier update --defaults --data rung=<next rung>
  Press Ctrl+C to stop.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dest", type=Path, default=rungs.REPO_ROOT / "demo")
    parser.add_argument("--no-serve", action="store_true", help="prepare everything, then stop (for tests)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    venv, env, password = prepare(args.dest.resolve(), started)
    print(banner(password), flush=True)
    if args.no_serve:
        return 0
    try:
        _manage(venv, args.dest, "runserver", "127.0.0.1:8000", env=env)
    except KeyboardInterrupt:
        print("\nDemo stopped.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build, migrate and smoke-test reference apps through the contract, in every mode this machine has.

Modes: `native` runs the Procfile's processes from a venv against local services; `podman` and `docker` build
the rung's Dockerfile. A mode or a check that cannot run is reported as skipped with its reason, never as
passed, and the summary at the end counts and lists every skip. Two runs (an app in one mode) go at a time
(`--lanes`), each with its own scratch copy, database, Redis, ports and image tag.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.build.spec import load_answers, model_of_project
from ladder.verify.broker import rabbitmq_checks
from ladder.verify.containers import docker_smoke, podman_smoke
from ladder.verify.databases import database_for_level
from ladder.verify.fraiseql import native_fraiseql
from ladder.verify.frontend import behind_front_door, frontend_browser_test, frontend_checks, frontend_env
from ladder.verify.node import native_node
from ladder.verify.processes import free_port, run
from ladder.verify.report import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    Report,
    run_checks,
    say,
    secret_key_refused,
    summary,
    tail,
)
from ladder.verify.serve import serve_and_drive
from ladder.verify.storage import bucket_for_run, level_three_checks
from ladder.verify.workers import level_two_checks, level_two_env, procfile_processes, redis_for_run


def django_env(venv: Path, workdir: Path, port: int, database_url: str) -> dict[str, str]:
    """A production-like environment: DEBUG off, a real secret, loopback only.

    HTTPS is off because the smoke test talks plain HTTP on loopback; the production settings with HTTPS on
    are checked separately by `manage.py check --deploy`.
    """
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
        "DJANGO_SUPERUSER_USERNAME": ADMIN_USER,
        "DJANGO_SUPERUSER_EMAIL": "smoke@example.com",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
    }


# The admin every smoke run signs in as: (check name, command); the environment names it.
DJANGO_ADMIN = ("createsuperuser --noinput", "python manage.py createsuperuser --noinput")

OWN_CHECKS = {
    "ruff check": "ruff check --no-cache .",
    "ruff format": "ruff format --no-cache --check .",
    "manage.py check": "python manage.py check --fail-level WARNING",
    "migrations committed": "python manage.py makemigrations --check --dry-run",
    "own tests": "python -m pytest -q -p no:cacheprovider",
}


def deploy_check(report: Report, project: Path, env: dict[str, str]) -> None:
    """Level 1 and up: Django's deployment checklist passes with the production environment (HTTPS on)."""
    production = {**env, "HTTPS": "true", "ALLOWED_HOSTS": "app.example.com"}
    result = run("python manage.py check --deploy --fail-level WARNING", project, production)
    report.add("manage.py check --deploy", result.returncode == 0, tail(result))


COUNT_ROWS = (
    'python manage.py shell -c "from django.apps import apps; '
    "print(sum(m.objects.count() for m in apps.get_app_config('{app}').get_models()))\""
)


def _row_count(project: Path, env: dict[str, str], app: str) -> int:
    result = run(COUNT_ROWS.format(app=app), project, env)
    return int(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else -1


def backup_env(env: dict[str, str]) -> dict[str, str]:
    """Run scripts/backup.sh and restore.sh against the smoke database instead of a compose service."""
    url = urlsplit(env["DATABASE_URL"])
    if url.scheme == "sqlite":
        return {**env, "DB_EXEC": "env", "SQLITE_PATH": url.path}
    return {
        **env,
        "DB_EXEC": "env",
        "PGHOST": url.hostname or "127.0.0.1",
        "PGPORT": str(url.port or 5432),
        "POSTGRES_USER": url.username or "postgres",
        "POSTGRES_DB": url.path.lstrip("/"),
    }


def backup_restore(report: Report, project: Path, env: dict[str, str]) -> None:
    """Level 1 and up: the README's backup and restore scripts round-trip the app's rows."""
    app = str(load_answers(project / ".copier-answers.yml")["project_slug"])
    seeded = run("python manage.py seed --count 3", project, env)
    before = _row_count(project, env, app)
    scripts = backup_env(env)
    backup = run("scripts/backup.sh", project, scripts)
    if not report.add("scripts/backup.sh", seeded.returncode == 0 and backup.returncode == 0, tail(backup, 3)):
        return
    wiped = run("python manage.py flush --noinput", project, env)
    emptied = _row_count(project, env, app)
    restore = run(f"scripts/restore.sh {backup.stdout.strip().splitlines()[-1]}", project, scripts)
    after = _row_count(project, env, app)
    ok = wiped.returncode == 0 and emptied == 0 and restore.returncode == 0 and after == before > 0
    report.add("scripts/restore.sh", ok, f"{before} rows backed up, {emptied} after flush, {after} restored")


def native_django(rung: rungs.Rung) -> Report:
    return smoke_project(rung.reference_dir, rung.level, Report(rung.name, "native"))


def smoke_project(source: Path, level: int, report: Report) -> Report:
    """Native smoke of a generated Django project: its own checks, its processes, the contract."""
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="smoke-")))
        project = workdir / "app"
        shutil.copytree(source, project, symlinks=True, ignore=shutil.ignore_patterns(".git"))
        venv = venv_for(project)
        env = django_env(venv, workdir, free_port(), stack.enter_context(database_for_level(level, workdir)))
        redis = stack.enter_context(redis_for_run()) if level >= 2 else None
        if redis:
            env.update(level_two_env(redis))
        s3 = bucket_for_run(report, stack, venv / "bin" / "python", workdir) if level >= 3 else None
        if s3:
            env.update(s3.env())
        if level >= 4:
            env.update(frontend_env(project, env))
        run_checks(report, project, env, OWN_CHECKS)
        secret_key_refused(report, project, env, "python manage.py check")
        if level >= 1:
            deploy_check(report, project, env)
        behind = None
        if level >= 4:
            if not frontend_checks(report, project, env):
                return report
            behind = stack.enter_context(behind_front_door(report, project, env, workdir))
            if behind is None:
                return report
        if redis:
            running = stack.enter_context(procfile_processes(project, env, workdir))
            model = model_of_project(project)

            def while_serving(url: str) -> None:
                if behind:
                    frontend_browser_test(report, project, env, url)
                level_two_checks(report, url, model, running, redis, env["DATABASE_URL"])
                if s3:
                    level_three_checks(report, url, model, s3)
                if behind:
                    rabbitmq_checks(report, url, model, {**running, **behind}, env["DATABASE_URL"])

            serve_and_drive(report, project, env, workdir, DJANGO_ADMIN, while_serving)
        else:
            serve_and_drive(report, project, env, workdir, DJANGO_ADMIN)
        if level >= 1:
            backup_restore(report, project, env)
    return report


def smoke(rung: rungs.Rung, mode: str) -> Report:
    """One reference app in one mode: a run of its own (scratch copy, database, Redis, ports, image tag)."""
    say(f"== {rung.name} {mode}")
    native = {"django": native_django, "fraiseql": native_fraiseql}.get(rung.track, native_node)
    report = {"native": native, "podman": podman_smoke, "docker": docker_smoke}[mode](rung)
    if report.skipped:
        say(f"  SKIP {rung.name} {mode}: {report.skipped}")
    return report


def longest_first(runs: list[tuple[rungs.Rung, str]]) -> list[tuple[rungs.Rung, str]]:
    """The order the lanes take runs in: higher rungs first (more processes and checks), so that the short
    level-0 runs fill in at the end and the lanes finish together."""
    return sorted(runs, key=lambda run: -run[0].level)


def smoke_in_lanes(runs: list[tuple[rungs.Rung, str]], lanes: int) -> list[Report]:
    """Every run, `lanes` at a time; the reports in the order the runs were given.

    Much of a run is waiting (for a server to start, a job to finish, a container to stop) or one process on one
    core (a test suite, a type check), so two lanes keep a 2-core machine busy. Each run has its own scratch
    directory, database, Redis, ports and image tag; what runs share (a venv per requirements, a base image) is
    built once under a lock.
    """
    if lanes <= 1:
        return [smoke(rung, mode) for rung, mode in runs]
    with ProcessPoolExecutor(max_workers=lanes) as pool:
        futures = {run: pool.submit(smoke, *run) for run in longest_first(runs)}
        return [futures[run].result() for run in runs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    rungs.add_app_names(parser)
    parser.add_argument("--mode", action="append", choices=["native", "podman", "docker"], help="default: all")
    parser.add_argument("--lanes", type=int, default=2, help="runs at a time (default: 2; 1 runs one by one)")
    args = parser.parse_args(argv)
    modes = args.mode or ["docker", "podman", "native"]
    reports = smoke_in_lanes([(rung, mode) for rung in rungs.selected(args.rungs) for mode in modes], args.lanes)
    print(summary("smoke", reports))
    failed = sum(r.failed for r in reports)
    passed = sum(len(r.checks) for r in reports) - failed
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    raise SystemExit(main())

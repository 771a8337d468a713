"""Container smoke modes: build a rung's Dockerfile and drive the image through CONTRACT.md.

`podman`: no registry is reachable here, so the base image named by the Dockerfile's FROM is made locally
(ladder/images.py); the Procfile's release step and the image's own CMD run as containers on the host network,
against the machine's PostgreSQL. `docker`: where a Docker engine answers (the GitHub runners), the rung's
compose stack runs whole, its own PostgreSQL included, with `docker compose up --wait`.
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from . import images, rungs
from .contract import Target, run_contract
from .databases import postgres_reason, scratch_database
from .processes import free_port, read_procfile, wait_for_http
from .report import ADMIN_PASSWORD, ADMIN_USER, Report, tail
from .spec import model_of_project


def base_image_of(project: Path) -> str:
    """The image the Dockerfile builds FROM (every stage uses the same one)."""
    match = re.search(r"^FROM\s+(\S+)", (project / "Dockerfile").read_text(encoding="utf-8"), re.MULTILINE)
    if not match:
        raise ValueError(f"{project / 'Dockerfile'} has no FROM line")
    return match.group(1)


def container_env(database_url: str, port: int) -> dict[str, str]:
    """The production settings over plain HTTP on loopback (HTTPS is checked by `check --deploy`)."""
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "false",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "DJANGO_SUPERUSER_USERNAME": ADMIN_USER,
        "DJANGO_SUPERUSER_EMAIL": "smoke@example.com",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
    }


def podman(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["podman", *args], capture_output=True, text=True, check=False, timeout=timeout)


def run_in_image(image: str, env_file: Path, command: str) -> subprocess.CompletedProcess[str]:
    """A one-off container on the host network (it reaches PostgreSQL on 127.0.0.1), never pulling."""
    return podman(
        "run", "--rm", "--pull=never", "--network", "host", "--env-file", str(env_file), image, "sh", "-c", command
    )


def podman_reason(rung: rungs.Rung) -> str | None:
    """Why the podman mode cannot run this rung here, or None."""
    if not rung.has_dockerfile:
        return f"{rung.id} has no Dockerfile (level {rung.level} runs without containers)"
    return images.ensure_podman() or postgres_reason()


def build_image(report: Report, project: Path, tag: str) -> bool:
    base = base_image_of(project).removeprefix(images.REGISTRY_PREFIX)
    reason = images.ensure_base_image(base)
    if reason:
        return report.add(f"base image {base}", False, reason)
    started = time.monotonic()
    result = images.build(project, tag)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        return report.add("podman build", False, tail(result))
    size = images.human_size(images.image_size(tag))
    return report.add("podman build", True, f"{tag}: {size}, built in {seconds:.0f} s (base {base})")


def serve_image(report: Report, project: Path, image: str, env_file: Path, port: int) -> None:
    """The Procfile's release step in the image, an admin, then the image's CMD driven through the contract."""
    release = run_in_image(image, env_file, read_procfile(project)["release"])
    if not report.add("release in the image", release.returncode == 0, tail(release, 3)):
        return
    admin = run_in_image(image, env_file, "python manage.py createsuperuser --noinput")
    if not report.add("createsuperuser in the image", admin.returncode == 0, tail(admin, 2)):
        return
    name = f"smoke-{secrets.token_hex(4)}"
    started = podman(
        "run", "-d", "--name", name, "--pull=never", "--network", "host", "--env-file", str(env_file), image
    )
    try:
        if not report.add("web container starts", started.returncode == 0, tail(started, 3)):
            return
        _drive(report, project, name, port)
    finally:
        podman("rm", "-f", "-t", "5", name)


def _drive(report: Report, project: Path, name: str, port: int) -> None:
    base_url = f"http://127.0.0.1:{port}"
    try:
        seconds = wait_for_http(f"{base_url}/health/live/", _ContainerProcess(name))
    except RuntimeError as error:
        report.add("web container serves", False, f"{error}\n{podman('logs', '--tail', '30', name).stderr}")
        return
    report.add("web container serves", True, f"/health/live/ answered after {seconds:.1f} s")
    # No systemd here to run HEALTHCHECK on a timer: run the image's own check once, as an orchestrator would.
    health = podman("healthcheck", "run", name)
    report.add("image HEALTHCHECK", health.returncode == 0, health.stdout.strip() or tail(health, 2))
    user = podman("exec", name, "id", "-u")
    report.add("runs as non-root", user.stdout.strip() not in ("", "0"), f"uid {user.stdout.strip()}")
    target = Target(base_url, model_of_project(project), ADMIN_USER, ADMIN_PASSWORD)
    for check in run_contract(target):
        report.add(f"contract/{check.name}", check.ok, check.detail)


class _ContainerProcess:
    """Enough of Popen for wait_for_http(): poll() says whether the container has exited."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.returncode: int | None = None

    def poll(self) -> int | None:
        state = podman("inspect", "--format", "{{.State.Running}} {{.State.ExitCode}}", self.name).stdout.split()
        if state and state[0] == "false":
            self.returncode = int(state[1])
        return self.returncode


def podman_smoke(rung: rungs.Rung) -> Report:
    report = Report(rung.id, "podman")
    reason = podman_reason(rung)
    if reason:
        report.skipped = reason
        return report
    tag = f"localhost/stack-ladder/{rung.id}:smoke"
    with tempfile.TemporaryDirectory(prefix=f"podman-{rung.id}-") as scratch, scratch_database("podman") as url:
        project = Path(scratch) / "app"
        shutil.copytree(rung.reference_dir, project, symlinks=True)
        if build_image(report, project, tag):
            port = free_port()
            env_file = Path(scratch) / "smoke.env"
            env_file.write_text("".join(f"{k}={v}\n" for k, v in container_env(url, port).items()))
            serve_image(report, project, tag, env_file, port)
    return report


def docker_reason(rung: rungs.Rung) -> str | None:
    if not rung.has_dockerfile:
        return f"{rung.id} has no Dockerfile (level {rung.level} runs without containers)"
    engine = shutil.which("docker")
    if engine is None:
        return "no docker client on this machine"
    if subprocess.run([engine, "info"], capture_output=True, check=False).returncode != 0:
        return "the docker client cannot reach a Docker engine (no daemon runs here)"
    return None


def docker(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], cwd=project, capture_output=True, text=True, check=False, timeout=900)


def docker_smoke(rung: rungs.Rung) -> Report:
    """The whole compose stack (web, release, PostgreSQL) with a real engine: `docker compose up --wait`."""
    report = Report(rung.id, "docker")
    reason = docker_reason(rung)
    if reason:
        report.skipped = reason
        return report
    with tempfile.TemporaryDirectory(prefix=f"docker-{rung.id}-") as scratch:
        project = Path(scratch) / "app"
        shutil.copytree(rung.reference_dir, project, symlinks=True)
        port = free_port()
        settings = {
            **container_env("", 8000),
            "POSTGRES_PASSWORD": secrets.token_urlsafe(16),
            "WEB_PORT": str(port),
            "HOST": "0.0.0.0",  # noqa: S104 - inside the container; published on the host's loopback only
        }
        settings.pop("DATABASE_URL")  # compose.yaml builds it from the POSTGRES_* values
        (project / ".env").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        try:
            up = docker(project, "compose", "up", "--detach", "--build", "--wait")
            if report.add("docker compose up --wait", up.returncode == 0, tail(up, 5)):
                admin = docker(
                    project, "compose", "exec", "-T", "web", "python", "manage.py", "createsuperuser", "--noinput"
                )
                if report.add("createsuperuser in the stack", admin.returncode == 0, tail(admin, 2)):
                    target = Target(f"http://127.0.0.1:{port}", model_of_project(project), ADMIN_USER, ADMIN_PASSWORD)
                    for check in run_contract(target):
                        report.add(f"contract/{check.name}", check.ok, check.detail)
        finally:
            docker(project, "compose", "down", "--volumes", "--remove-orphans")
    return report

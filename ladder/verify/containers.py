"""Container smoke modes: build a rung's Dockerfile and drive the image through the contract.

`podman`: no registry is reachable here, so the base image named by the Dockerfile's FROM is made locally
(ladder/machine/images.py); the Procfile's release step and the image's own CMD run as containers on the host network,
against the machine's PostgreSQL. `docker`: where a Docker engine answers (the GitHub runners), the rung's
compose stack runs whole, its own PostgreSQL included, with `docker compose up --wait`.

Both check what the image adds to the code the native mode has run: it builds, its release step and admin
command run in it, it serves as a non-root user, its HEALTHCHECK answers, the whole contract holds through it
(its production settings and collected static files), and from level 2 its worker runs the jobs and stops on
SIGTERM. The native mode's fault tests of the app's own code (a worker killed, Redis stopped) are not repeated.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.build.spec import load_answers, model_of_project
from ladder.machine import images
from ladder.verify.contract import run_contract
from ladder.verify.databases import postgres_reason, scratch_database
from ladder.verify.frontend import FRONTEND, browser_test_from_host
from ladder.verify.processes import background, free_port, read_procfile, wait_for_http
from ladder.verify.report import ADMIN_PASSWORD, ADMIN_USER, Report, tail
from ladder.verify.serve import project_target
from ladder.verify.storage import bucket_for_run, level_three_checks
from ladder.verify.workers import Restartable, level_two_checks, level_two_env, redis_for_run

# Checks a level adds while its web container serves: given the base URL and the other running processes.
LevelChecks = Callable[[str, Mapping[str, Restartable]], None]
# How each track's image creates the admin user (from the environment container_env sets); `{slug}` is the
# project's package.
ADMIN_COMMANDS = {
    "django": "python manage.py createsuperuser --noinput",
    "js": "npm run createadmin",
    "fraiseql": "python -m {slug} createadmin",
}


def admin_command(rung: rungs.Rung, project: Path) -> str:
    slug = str(load_answers(project / ".copier-answers.yml").get("project_slug", ""))
    return ADMIN_COMMANDS[rung.track].format(slug=slug)


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
        # The JavaScript track's `npm run createadmin`, and the address Next's standalone server binds (on the
        # host network of the podman mode; the docker mode leaves both addresses to the image).
        "ADMIN_USERNAME": ADMIN_USER,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "HOSTNAME": "127.0.0.1",
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
    return images.podman_reason() or postgres_reason()


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


class Container:
    """A long-running container of the image on the host network: `web`, or a Procfile process (`worker`, `beat`).

    It has the start / kill / stop of ladder.verify.workers.Restartable, so the level-2 fault tests that kill a host
    worker kill a worker container the same way.
    """

    def __init__(self, image: str, env_file: Path, command: str | None = None, volumes: Sequence[str] = ()) -> None:
        self.image, self.env_file, self.command, self.volumes = image, env_file, command, volumes
        self.name = f"smoke-{secrets.token_hex(4)}"
        self.started: subprocess.CompletedProcess[str] | None = None

    def start(self) -> None:
        # `exec`: the Procfile's process is the container's main process and gets `podman stop`'s SIGTERM itself.
        command = ["sh", "-c", f"exec {self.command}"] if self.command else []  # none: the image's own CMD
        mounts = [arg for volume in self.volumes for arg in ("--volume", volume)]
        self.started = podman(
            "run", "-d", "--name", self.name, "--pull=never", "--network", "host", "--env-file", str(self.env_file),
            *mounts, self.image, *command,
        )  # fmt: skip

    def kill(self) -> None:
        """SIGKILL: the container's processes die mid-task, as in an out-of-memory kill."""
        podman("kill", "--signal", "KILL", self.name)
        podman("rm", "-f", self.name)

    def terminate(self, grace: float) -> int | None:
        """`podman stop`: SIGTERM to the container's main process; its exit status, or None if it outlived `grace`
        (podman then kills it)."""
        podman("stop", "-t", str(int(grace)), self.name, timeout=grace + 30)
        code = podman("inspect", "--format", "{{.State.ExitCode}}", self.name).stdout.strip()
        podman("rm", "-f", self.name)
        return None if code in ("", "137") else int(code)  # 137: SIGKILLed once the grace period was over

    def stop(self) -> None:
        podman("rm", "-f", "-t", "5", self.name)


def serve_image(
    report: Report,
    project: Path,
    image: str,
    env_file: Path,
    port: int,
    while_serving: LevelChecks | None = None,
    volumes: Sequence[str] = (),
    admin_command: str = ADMIN_COMMANDS["django"],
) -> None:
    """The Procfile's release step in the image, an admin, then the image's CMD driven through the contract.

    The Procfile's other processes (`worker`, `beat`) run as containers of the same image meanwhile, and
    `while_serving`, given the base URL and those containers, runs the level's own checks. `volumes` are
    mounted into each, as compose mounts the `media` volume where the web and the worker both see its files.
    """
    procfile = read_procfile(project)
    release = run_in_image(image, env_file, procfile["release"])
    if not report.add("release in the image", release.returncode == 0, tail(release, 3)):
        return
    admin = run_in_image(image, env_file, admin_command)
    if not report.add("admin user created in the image", admin.returncode == 0, tail(admin, 2)):
        return
    with ExitStack() as stack:
        running: dict[str, Restartable] = {}
        for name in ("worker", "beat"):
            if name in procfile:
                process = stack.enter_context(_running(Container(image, env_file, procfile[name], volumes)))
                report.add(f"{name} container starts", _ok(process), _output(process))
                running[name] = process
        web = stack.enter_context(_running(Container(image, env_file, volumes=volumes)))
        if report.add("web container starts", _ok(web), _output(web)) and _drive(report, project, web.name, port):
            if while_serving is not None:
                while_serving(f"http://127.0.0.1:{port}", running)


def _ok(container: Container) -> bool:
    return container.started is not None and container.started.returncode == 0


def _output(container: Container) -> str:
    return tail(container.started, 3) if container.started else ""


@contextmanager
def _running(container: Container) -> Iterator[Container]:
    container.start()
    try:
        yield container
    finally:
        container.stop()


def _drive(report: Report, project: Path, name: str, port: int) -> bool:
    base_url = f"http://127.0.0.1:{port}"
    try:
        seconds = wait_for_http(f"{base_url}/health/live/", _ContainerProcess(name))
    except RuntimeError as error:
        report.add("web container serves", False, f"{error}\n{podman('logs', '--tail', '30', name).stderr}")
        return False
    report.add("web container serves", True, f"/health/live/ answered after {seconds:.1f} s")
    # No systemd here to run HEALTHCHECK on a timer: run the image's own check once, as an orchestrator would.
    health = podman("healthcheck", "run", name)
    report.add("image HEALTHCHECK", health.returncode == 0, health.stdout.strip() or tail(health, 2))
    user = podman("exec", name, "id", "-u")
    report.add("runs as non-root", user.stdout.strip() not in ("", "0"), f"uid {user.stdout.strip()}")
    for check in run_contract(project_target(base_url, project)):
        report.add(f"contract/{check.name}", check.ok, check.detail)
    return True


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
    report = Report(rung.name, "podman")
    reason = podman_reason(rung)
    if reason:
        report.skipped = reason
        return report
    tag = f"localhost/stack-ladder/{rung.name}:smoke"
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"podman-{rung.name}-")))
        url = stack.enter_context(scratch_database("podman"))
        project = scratch / "app"
        shutil.copytree(rung.reference_dir, project, symlinks=True)
        if not build_image(report, project, tag):
            return report
        port = free_port()
        env = container_env(url, port)
        if rung.level >= 4:
            # The API's container behind the front door, which answers on `port`.
            env["PORT"] = str(free_port())
            frontend_tag = f"localhost/stack-ladder/{rung.name}-frontend:smoke"
            if not stack.enter_context(frontend_containers(report, project, frontend_tag, env["PORT"], port, scratch)):
                return report
        while_serving: LevelChecks | None = None
        if rung.level >= 2:
            redis = stack.enter_context(redis_for_run())
            env.update(level_two_env(redis))
            model = model_of_project(project)
            # Level 3: the host's moto server, which the containers reach on the host network.
            python = venv_for(project) / "bin" / "python" if rung.track == "django" else None
            s3 = bucket_for_run(report, stack, python, scratch) if rung.level >= 3 else None
            if s3:
                env.update(s3.env())

            def while_serving(base_url: str, running: Mapping[str, Restartable]) -> None:
                if rung.level >= 4:
                    browser_test_from_host(report, project, scratch, base_url)
                level_two_checks(report, base_url, model, running, redis, url, image=True)
                if s3:
                    level_three_checks(report, base_url, model, s3)

        env_file = scratch / "smoke.env"
        env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()))
        media = scratch / "media"  # uploads and exports, shared by web and worker (the image's user is not root)
        media.mkdir(mode=0o777)
        media.chmod(0o777)
        volumes = [f"{media}:/app/media"]
        serve_image(report, project, tag, env_file, port, while_serving, volumes, admin_command(rung, project))
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


def compose_env(port: int) -> dict[str, str]:
    """The stack's .env: the production settings, the web port published on the host's loopback, and a database
    password. The address the app binds inside its container is left to the image (its Dockerfile sets
    0.0.0.0 there): the loopback that the podman mode's host network needs would be the container's own."""
    settings = {
        **container_env("", 8000),
        "POSTGRES_PASSWORD": secrets.token_urlsafe(16),
        "WEB_PORT": str(port),
    }
    for name in ("DATABASE_URL", "HOST", "HOSTNAME"):  # compose.yaml builds DATABASE_URL from POSTGRES_*
        settings.pop(name)
    return settings


def docker_smoke(rung: rungs.Rung) -> Report:
    """The whole compose stack (web, release, PostgreSQL) with a real engine: `docker compose up --wait`."""
    report = Report(rung.name, "docker")
    reason = docker_reason(rung)
    if reason:
        report.skipped = reason
        return report
    with tempfile.TemporaryDirectory(prefix=f"docker-{rung.name}-") as scratch:
        project = Path(scratch) / "app"
        shutil.copytree(rung.reference_dir, project, symlinks=True)
        port = free_port()
        # A project name of the app's own: every copy is a folder named `app`, and the smoke's lanes may run two
        # stacks at once.
        settings = {**compose_env(port), "COMPOSE_PROJECT_NAME": f"smoke-{rung.name}"}
        (project / ".env").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        try:
            up = docker(project, "compose", "up", "--detach", "--build", "--wait")
            if report.add("docker compose up --wait", up.returncode == 0, tail(up, 5)):
                admin = docker(project, "compose", "exec", "-T", "web", "sh", "-c", admin_command(rung, project))
                if report.add("admin user created in the stack", admin.returncode == 0, tail(admin, 2)):
                    for check in run_contract(project_target(f"http://127.0.0.1:{port}", project)):
                        report.add(f"contract/{check.name}", check.ok, check.detail)
        finally:
            docker(project, "compose", "down", "--volumes", "--remove-orphans")
    return report


# The frontend's image stays small: the server build alone on Node.js's slim image.
FRONTEND_IMAGE_LIMIT = 280 * 1024 * 1024


@contextmanager
def frontend_containers(
    report: Report, project: Path, tag: str, api_port: str, port: int, scratch: Path
) -> Iterator[bool]:
    """Level 4 in the podman mode: the frontend's image built and run on the host network, calling the API's
    container on `api_port`, and the front door on `port` (the machine's Caddy, as the Procfile's `web` runs it:
    no Caddy image can be pulled here). Yields whether both came up."""
    from ladder.verify.containers import Container, build_image, podman

    if shutil.which("caddy") is None:
        report.add("front door (Caddy)", False, "no caddy on PATH (apt-get install caddy)")
        yield False
        return
    if not build_image(report, project / FRONTEND, tag):
        yield False
        return
    size = int(podman("image", "inspect", "--format", "{{.Size}}", tag).stdout.strip() or 0)
    report.add("frontend image size", size <= FRONTEND_IMAGE_LIMIT, f"{size / 1024 / 1024:.0f} MiB (at most 280)")
    frontend_port = free_port()
    env_file = scratch / "frontend.env"
    env_file.write_text(f"HOST=127.0.0.1\nPORT={frontend_port}\nAPI_URL=http://127.0.0.1:{api_port}\n")
    door = {"HOME": str(scratch), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOST": "127.0.0.1"}
    door |= {"PORT": str(port), "API_PORT": api_port, "FRONTEND_PORT": str(frontend_port)}
    container = Container(tag, env_file)
    container.start()
    try:
        with background("caddy run --adapter caddyfile --config proxy/Caddyfile", project, door, scratch / "door.log"):
            yield _frontend_container_serves(report, container, frontend_port)
    finally:
        container.stop()


def _frontend_container_serves(report: Report, container: Container, port: int) -> bool:
    from ladder.verify.containers import _ContainerProcess, podman

    try:
        seconds = wait_for_http(f"http://127.0.0.1:{port}/frontend-health/live/", _ContainerProcess(container.name))
    except RuntimeError as error:
        return report.add("frontend container serves", False, f"{error}\n{podman('logs', container.name).stderr}")
    report.add("frontend container serves", True, f"/frontend-health/live/ answered after {seconds:.1f} s")
    health = podman("healthcheck", "run", container.name)
    report.add("frontend image HEALTHCHECK", health.returncode == 0, health.stdout.strip() or tail(health, 2))
    user = podman("exec", container.name, "id", "-u")
    report.add("frontend runs as non-root", user.stdout.strip() not in ("", "0"), f"uid {user.stdout.strip()}")
    return True

"""Podman base images made from local parts: the FROM name resolves, and a multi-stage build serves HTTP."""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ladder.machine import images
from ladder.verify.processes import free_port

pytestmark = pytest.mark.slow

BASE = "python:3.12-slim-bookworm"
LABEL = "stack-ladder-test=images"  # marks this test's images, the build stage's among them, for clean-up

DOCKERFILE = f"""\
FROM {BASE} AS build
LABEL {LABEL}
RUN pip install --no-cache-dir --prefix=/install gunicorn

FROM {BASE} AS run
COPY --from=build /install /usr/local
RUN useradd --system --uid 10001 --user-group --no-create-home app
WORKDIR /app
COPY app.py .
USER app
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import os, urllib.request; \\
    urllib.request.urlopen('http://127.0.0.1:%s/' % os.environ['PORT'], timeout=4)"
CMD ["sh", "-c", "exec gunicorn --bind 127.0.0.1:$PORT app:application"]
"""

APP = """\
import sys


def application(environ, start_response):
    body = f"served by {sys.version.split()[0]} from {sys.prefix}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
"""


def podman(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def base_image() -> str:
    reason = images.podman_reason() or images.ensure_base_image(BASE)
    if reason:
        print(f"podman tests skipped: {reason}")
        pytest.skip(reason)
    return images.REGISTRY_PREFIX + BASE


@pytest.fixture
def tag() -> Iterator[str]:
    name = f"localhost/ladder-test-images:{secrets.token_hex(4)}"
    yield name
    podman("rmi", "-f", name)
    podman("image", "prune", "-f", "--filter", f"label={LABEL}")


def test_base_image_has_the_runtime_and_the_hosts_trust(base_image: str) -> None:
    assert 40_000_000 < images.image_size(base_image) < 250_000_000
    probe = (
        "import json, pathlib, ssl, sqlite3, sys, sysconfig;"
        "print(json.dumps([sys.version, sys.prefix, sorted(p.name for p in "
        "pathlib.Path(sysconfig.get_paths()['purelib']).iterdir())]))"
    )
    result = podman("run", "--rm", "--network", "none", base_image, "python", "-c", probe)
    assert result.returncode == 0, result.stderr
    version, prefix, site_packages = json.loads(result.stdout.strip().splitlines()[-1])
    assert version.startswith("3.12.")
    assert prefix == "/usr/local"
    assert {name.split("-")[0] for name in site_packages} <= {"pip", "README.txt"}, site_packages
    bundle = podman("run", "--rm", "--network", "none", base_image, "cat", str(images.CA_BUNDLE)).stdout
    if images.CA_BUNDLE.exists():
        assert set(images.PEM.findall(images.CA_BUNDLE.read_bytes())) <= set(images.PEM.findall(bundle.encode()))
    pip_conf = podman("run", "--rm", "--network", "none", base_image, "cat", "/etc/pip.conf").stdout
    assert f"cert = {images.CA_BUNDLE}" in pip_conf


def test_multi_stage_build_runs_as_a_user_and_serves_on_loopback(base_image: str, tag: str, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    built = images.build(tmp_path, tag)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert "python -c" in podman("image", "inspect", "--format", "{{.Config.Healthcheck.Test}}", tag).stdout

    port, container = free_port(), f"ladder-test-images-{secrets.token_hex(4)}"
    started = podman("run", "-d", "--name", container, "--network", "host", "-e", f"PORT={port}", tag)
    assert started.returncode == 0, started.stderr
    try:
        body = _wait_for_body(f"http://127.0.0.1:{port}/")
        assert body.startswith("served by 3.12.") and body.endswith(" from /usr/local"), body
        assert podman("exec", container, "id", "-un").stdout.strip() == "app"
        assert podman("healthcheck", "run", container).returncode == 0
        assert _container_reaches_host_loopback(container)
    finally:
        podman("rm", "-f", "-t", "2", container)
    assert podman("container", "exists", container).returncode == 1


def _wait_for_body(url: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            response = requests.get(url, timeout=2)
            if response.status_code == 200:
                return response.text
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer 200 within {timeout}s")


def _container_reaches_host_loopback(container: str) -> bool:
    """With host networking the app reaches services bound to the host's 127.0.0.1, as PostgreSQL is."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        accepted: list[bool] = []

        def accept() -> None:
            connection, _ = server.accept()
            connection.close()
            accepted.append(True)

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        port = server.getsockname()[1]
        connect = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5).close()"
        result = podman("exec", container, "python", "-c", connect)
        thread.join(10)
        return result.returncode == 0 and accepted == [True]

"""Start, wait for and stop the processes of a generated app (Procfile lines run through bash)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Protocol

import requests


def read_procfile(project: Path) -> dict[str, str]:
    """The Procfile's processes: {"release": "...", "web": "...", ...}."""
    processes: dict[str, str] = {}
    for line in (project / "Procfile").read_text(encoding="utf-8").splitlines():
        name, sep, command = line.partition(":")
        if sep and name.strip() and not name.startswith("#"):
            processes[name.strip()] = command.strip()
    return processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def run(command: str, cwd: Path, env: Mapping[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run a shell command to completion, capturing its output."""
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=timeout, check=False
    )


def failed_tests(output: str) -> list[str]:
    """The `not ok` blocks of node:test's TAP output: each failed test with its error, at any depth."""
    blocks: list[str] = []
    lines = output.splitlines()
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if not stripped.startswith("not ok "):
            continue
        indent = len(line) - len(stripped)
        block = [line]
        for following in lines[index + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            block.append(following)
        blocks.append("\n".join(block))
    return blocks


def failure_report(command: str, result: subprocess.CompletedProcess[str], tail: int = 3000) -> str:
    """What a failed command printed: the failed tests first (long TAP output hides them), then the tails."""
    failed = failed_tests(result.stdout)
    return "\n".join([command, *failed, result.stdout[-tail:], result.stderr[-tail:]])


@contextmanager
def background(command: str, cwd: Path, env: Mapping[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run a long-lived shell command in its own process group; stop the whole group on exit."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            cwd=cwd,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes], grace: float = 10) -> None:
    """SIGTERM to the process's group, SIGKILL to what is left of it after `grace` seconds; returns once every
    member is gone. Waiting for the leader alone is not enough: a server the command started with `&` (a front
    door's API beside its proxy) outlives it for a moment and still holds its port, so the next start would find
    the old one answering."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is None or group_members(process.pid):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if process.poll() is not None and not group_members(process.pid):
                return
            time.sleep(0.05)
    process.wait()


def group_members(group: int) -> list[int]:
    """The live processes of a process group (zombies, already exited, are not counted), read from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        except (OSError, IndexError):
            continue  # the process exited while being read
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state != "Z":
            members.append(int(stat.parent.name))
    return members


class Polled(Protocol):
    """What wait_for_http() needs of a process: a Popen, or a container seen the same way."""

    returncode: int | None

    def poll(self) -> int | None: ...


def wait_for_http(url: str, process: Polled, timeout: float = 60, interval: float = 0.2) -> float:
    """Seconds until `url` answers 200; raises RuntimeError if the process dies or time runs out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the process exited with status {process.returncode} before serving {url}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return time.monotonic() - started
        except requests.RequestException:
            pass
        time.sleep(interval)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s")

"""The bench's web processes under a memory limit, as a container runtime sets one (`docker run --memory`).

A runtime puts a container's processes in a memory cgroup with a limit, and the runtimes read it: Node sizes V8's
heap from it (`process.constrainedMemory()`), so a Next.js server that grows its heap to a quarter of a 24 GB
host's memory keeps to a quarter of the limit in a container. `limited_command` does the same for one server
without a container: a cgroup of its own under the bench's (cgroup v1's memory controller, or v2's), which its
shell joins before it becomes the server.
"""

from __future__ import annotations

import secrets
import shlex
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


def own_memory_cgroup(proc_cgroup: str, root: Path = CGROUP_ROOT) -> Path | None:
    """The folder of this process's memory cgroup, from /proc/self/cgroup's text: v1's `N:memory:/path`, or v2's
    `0::/path` where the unified hierarchy is mounted at `root` (it has cgroup.controllers); None if neither."""
    for line in proc_cgroup.splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return root / "memory" / path.lstrip("/")
    for line in proc_cgroup.splitlines():
        if line.startswith("0::") and (root / "cgroup.controllers").exists():
            return root / line.removeprefix("0::").lstrip("/")
    return None


def limit_file(group: Path) -> Path:
    """Where a cgroup's memory limit is written: v1's memory.limit_in_bytes, v2's memory.max."""
    v1 = group / "memory.limit_in_bytes"
    return v1 if v1.exists() else group / "memory.max"


def memory_limit_reason() -> str | None:
    """Why no memory cgroup can be made here, or None."""
    parent = own_memory_cgroup(Path("/proc/self/cgroup").read_text(encoding="utf-8"))
    if parent is None or not parent.is_dir():
        return "no memory cgroup to nest in (/proc/self/cgroup names none that is mounted)"
    probe = parent / f"ladder-probe-{secrets.token_hex(4)}"
    try:
        probe.mkdir()
    except OSError as error:
        return f"cannot make a memory cgroup under {parent}: {error.strerror}"
    ok = limit_file(probe).exists()
    probe.rmdir()
    return None if ok else f"{parent} gives its children no memory limit (the memory controller is not on)"


@contextmanager
def limited_command(command: str, megabytes: int | None) -> Iterator[str]:
    """`command` as it runs in a new memory cgroup limited to `megabytes`; `command` itself when None.

    The returned command is a shell that moves itself into the cgroup, then becomes `command`: every process it
    starts is inside. The cgroup is removed once its processes are gone.
    """
    if megabytes is None:
        yield command
        return
    parent = own_memory_cgroup(Path("/proc/self/cgroup").read_text(encoding="utf-8"))
    if parent is None:
        raise RuntimeError(f"--memory-limit: {memory_limit_reason()}")
    group = parent / f"ladder-bench-{secrets.token_hex(4)}"
    group.mkdir()
    try:
        limit_file(group).write_text(str(megabytes * 1024 * 1024))
        joined = f"echo $$ > {shlex.quote(str(group / 'cgroup.procs'))} && exec {command}"
        yield f"bash -c {shlex.quote(joined)}"
    finally:
        remove(group)


def remove(group: Path, timeout: float = 10) -> None:
    """rmdir the cgroup once the kernel has seen its last process go (it refuses while one is there)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            group.rmdir()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)

"""The bench's memory limit: which cgroup it nests in, and a server started under it that finds its limit."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from ladder.measure.memory_limit import limited_command, memory_limit_reason, own_memory_cgroup

V1 = "9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu:/\n0::/\n"
READ_LIMIT = """
from pathlib import Path
from ladder.measure.memory_limit import limit_file, own_memory_cgroup
group = own_memory_cgroup(Path("/proc/self/cgroup").read_text())
print(group, limit_file(group).read_text().strip())
"""


def test_cgroup_v1_names_the_memory_controller_folder(tmp_path: Path) -> None:
    assert own_memory_cgroup(V1, tmp_path) == tmp_path / "memory" / "process_api" / "abc"


def test_cgroup_v2_is_the_unified_folder_where_it_is_mounted(tmp_path: Path) -> None:
    assert own_memory_cgroup("0::/user.slice/session-1.scope\n", tmp_path) is None
    (tmp_path / "cgroup.controllers").write_text("cpu memory pids\n")
    assert own_memory_cgroup("0::/user.slice/session-1.scope\n", tmp_path) == tmp_path / "user.slice/session-1.scope"


def test_without_a_limit_the_command_is_unchanged() -> None:
    with limited_command("gunicorn config.wsgi", None) as command:
        assert command == "gunicorn config.wsgi"


def test_a_server_under_a_limit_reads_it_and_the_cgroup_goes_afterwards() -> None:
    reason = memory_limit_reason()
    if reason:
        pytest.skip(reason)
    # The server stand-in: a process that prints the limit of the memory cgroup it finds itself in.
    server = f"{sys.executable} -c {shlex.quote(READ_LIMIT)}"
    with limited_command(server, 256) as command:
        done = subprocess.run(["bash", "-c", f"exec {command}"], capture_output=True, text=True, check=True)
    group, limit = done.stdout.split()
    assert Path(group).name.startswith("ladder-bench-")
    assert limit == str(256 * 1024 * 1024)
    assert not Path(group).exists(), "the cgroup is removed once its process is gone"

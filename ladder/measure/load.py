"""HTTP load against a loopback server with wrk, and the memory of the process tree that serves it.

wrk (Debian's `wrk` package) is found on PATH, or installed with apt-get where this runs as root; where it
cannot be had, `wrk_reason()` says why and the caller skips. Every run is bounded in time and only ever aims at
127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

# wrk's done() hook prints one line the runner parses: latencies in microseconds, counts as integers.
SUMMARY_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK-SUMMARY requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d "
    .. "connect=%d read=%d write=%d status=%d timeout=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""
SUMMARY = re.compile(r"WRK-SUMMARY (.*)")


@dataclass(frozen=True)
class Load:
    """One wrk run: throughput, latency percentiles and every kind of failure (non-2xx/3xx included)."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_reason() -> str | None:
    """Why wrk cannot run here (None when it can), installing Debian's package first where possible."""
    if shutil.which("wrk"):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "wrk is not installed and this is not root with apt-get (apt-get install wrk)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
        if result.returncode != 0:
            return f"`{' '.join(command)}` failed: {result.stderr.strip()[-300:]}"
    return None if shutil.which("wrk") else "apt-get installed wrk, but it is not on PATH"


# A POST per request, each body with `{n}` replaced by a number no other request of any run shares (a unique field
# stays unique): wrk's setup() numbers the threads, request() counts within its thread.
POST_SCRIPT = """
local run, threads = "{run}", 0
local body = [==[{body}]==]
wrk.method = "POST"
{headers}
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local sent = 0
request = function()
  sent = sent + 1
  local numbered = string.gsub(body, "{{n}}", run .. "-" .. thread_id .. "-" .. sent)
  return wrk.format(nil, nil, nil, numbered)
end
"""


def post_script(body: str, headers: dict[str, str], run: str) -> str:
    """The Lua that makes wrk POST `body` (its `{n}` numbered per request) with `headers`."""
    if "]==]" in body:
        raise ValueError("body: may not contain ]==] (it ends the Lua string)")
    lines = "\n".join(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}" for name, value in headers.items())
    return POST_SCRIPT.format(run=run, body=body, headers=lines)


def wrk(
    url: str,
    seconds: int,
    connections: int = 32,
    threads: int = 2,
    post: tuple[str, dict[str, str]] | None = None,
) -> Load:
    """Run wrk against a loopback URL for a bounded time and parse its summary; `post` = (body, headers) POSTs."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"load is only ever sent to loopback, not {url}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if post is not None:
            script.write(post_script(*post, run=secrets.token_hex(4)))
        script.write(SUMMARY_SCRIPT)
    try:
        threads = min(threads, connections)
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script.name]
        result = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False)
    finally:
        Path(script.name).unlink()
    match = SUMMARY.search(result.stdout)
    if result.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stdout[-500:]}{result.stderr[-500:]}")
    return _parse(match.group(1))


def _parse(summary: str) -> Load:
    values = {key: int(value) for key, value in (pair.split("=") for pair in summary.split())}
    errors = sum(values[key] for key in ("connect", "read", "write", "status", "timeout"))
    return Load(
        requests=values["requests"],
        seconds=values["duration_us"] / 1e6,
        p50_ms=values["p50_us"] / 1e3,
        p99_ms=values["p99_us"] / 1e3,
        max_ms=values["max_us"] / 1e3,
        errors=errors,
    )


# --------------------------------------------------------------------------- memory of a process tree


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def children(pid: int) -> list[int]:
    """The direct children of `pid` (gunicorn's workers, when `pid` is its master)."""
    return sorted(_children_by_parent().get(pid, []))


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, read from /proc (gunicorn's master and its workers)."""
    children = _children_by_parent()
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def _status_kb(path: str, field: str) -> int:
    try:
        text = Path(path).read_text()
    except OSError:
        return 0  # the process ended while we looked
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def tree_rss(pid: int) -> int:
    """Resident memory of the process tree in bytes, shared pages counted once per process (as `ps` sums)."""
    return sum(_status_kb(f"/proc/{member}/status", "VmRSS") for member in descendants(pid)) * 1024


def tree_pss(pid: int) -> int:
    """Proportional memory of the tree in bytes: a page shared by n processes counts 1/n in each (its real cost)."""
    return sum(_status_kb(f"/proc/{member}/smaps_rollup", "Pss") for member in descendants(pid)) * 1024


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the tree has used: its live processes, and the children its members reaped
    (gunicorn's master reaps the workers it replaces)."""
    ticks = 0
    for member in descendants(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


class PeakMemory:
    """The largest tree_rss() and tree_pss() seen while sampling runs."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval, self.rss, self.pss = pid, interval, 0, 0
        self._stop = threading.Event()

    def sample(self) -> None:
        while not self._stop.is_set():
            self.rss = max(self.rss, tree_rss(self.pid))
            self.pss = max(self.pss, tree_pss(self.pid))
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()


@contextmanager
def peak_memory(pid: int) -> Iterator[PeakMemory]:
    """Sample the tree's memory in a thread while the block runs; read `.rss` and `.pss` afterwards."""
    sampler = PeakMemory(pid)
    thread = threading.Thread(target=sampler.sample, daemon=True)
    thread.start()
    try:
        yield sampler
    finally:
        sampler.stop()
        thread.join()


def load_average() -> float:
    """The machine's one-minute load average: other work competing for the same cores."""
    return os.getloadavg()[0]


# --------------------------------------------------------------------------- steady load for fault tests


@dataclass(frozen=True)
class Outcome:
    """One request of a steady load: when it started (monotonic s), how long it took, its status (0: none)."""

    started: float
    seconds: float
    path: str
    status: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


class SteadyLoad:
    """Client threads that cycle through paths until stopped or out of time, recording every request."""

    def __init__(self, base_url: str, paths: list[str], max_seconds: float, timeout: float) -> None:
        if not base_url.startswith("http://127.0.0.1:"):
            raise ValueError(f"load is only ever sent to loopback, not {base_url}")
        self.base_url, self.paths, self.timeout = base_url, paths, timeout
        self.deadline = time.monotonic() + max_seconds
        self.outcomes: list[Outcome] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def client(self, offset: int) -> None:
        session = requests.Session()
        turn = offset
        while not self._stop.is_set() and time.monotonic() < self.deadline:
            path = self.paths[turn % len(self.paths)]
            turn += 1
            outcome = self.request(session, path)
            with self._lock:
                self.outcomes.append(outcome)
            if not outcome.status:
                time.sleep(0.05)  # no answer at all: do not spin on a refused connection

    def request(self, session: requests.Session, path: str) -> Outcome:
        started = time.monotonic()
        try:
            status, error = session.get(self.base_url + path, timeout=self.timeout).status_code, ""
        except requests.RequestException as failure:
            status, error = 0, type(failure).__name__
        return Outcome(started, time.monotonic() - started, path, status, error)

    def stop(self) -> None:
        self._stop.set()


@contextmanager
def steady_load(
    base_url: str, paths: list[str], max_seconds: float, clients: int = 6, timeout: float = 10
) -> Iterator[SteadyLoad]:
    """Run a steady load while the block runs (never longer than max_seconds); read `.outcomes` after it."""
    load = SteadyLoad(base_url, paths, max_seconds, timeout)
    threads = [threading.Thread(target=load.client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        yield load
    finally:
        load.stop()
        for thread in threads:
            thread.join(timeout + 5)

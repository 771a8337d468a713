"""A smoke run's results: one line per check as it happens (named by app and mode, as runs share the output),
counted at the end."""

from __future__ import annotations

import secrets
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ladder.verify.processes import run

# The admin every smoke run creates (createsuperuser --noinput) and signs in as.
ADMIN_USER, ADMIN_PASSWORD = "smoke-admin", "smoke-" + secrets.token_urlsafe(12)
# The SECRET_KEY every generated .env.example carries: a production start must refuse it.
EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string"  # noqa: S105 - the value a start must refuse


def say(line: str) -> None:
    """Print a line in one write: runs in parallel lanes share stdout, and unbuffered, print() writes a line and
    its newline apart, so two lanes' lines could run together."""
    print(f"{line}\n", end="", flush=True)


@dataclass
class Report:
    rung: str
    mode: str
    skipped: str = ""
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    skipped_checks: list[tuple[str, str]] = field(default_factory=list)
    # When the run began and when its last check ended: each line shows the seconds since the one before (the
    # check and what led up to it), so the slow parts of a run show where CI's time goes. Never asserted.
    started: float = field(default_factory=time.monotonic)
    last: float = field(default_factory=time.monotonic)

    def add(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append((name, ok, detail))
        now = time.monotonic()
        took, self.last = now - self.last, now
        status = "PASS" if ok else "FAIL"
        line = f"  {status} {self.rung} {self.mode}/{name} [{took:.0f} s]{': ' + detail if detail else ''}"
        say(line)
        return ok

    @property
    def seconds(self) -> float:
        return self.last - self.started

    def skip(self, name: str, reason: str) -> None:
        """A check that cannot run here: printed with its reason, counted neither as passed nor as failed."""
        self.skipped_checks.append((name, reason))
        say(f"  SKIP {self.rung} {self.mode}/{name}: {reason}")

    @property
    def failed(self) -> int:
        return sum(not ok for _, ok, _ in self.checks)


def tail(process: subprocess.CompletedProcess[str], lines: int = 15) -> str:
    return "\n".join((process.stdout + process.stderr).strip().splitlines()[-lines:])


def summary(name: str, reports: Sequence[Report]) -> str:
    """The closing lines of a run: every skip with its reason (a whole mode, or one check inside a mode), then
    `<name>: N passed, N failed, N skipped` counting both kinds of skip."""
    skips = [f"  {r.rung} {r.mode}: {r.skipped}" for r in reports if r.skipped]
    skips += [f"  {r.rung} {r.mode}/{check}: {reason}" for r in reports for check, reason in r.skipped_checks]
    passed = sum(len(r.checks) - r.failed for r in reports)
    failed = sum(r.failed for r in reports)
    lines = [f"skipped ({len(skips)}):", *skips] if skips else []
    times = [f"  {r.rung} {r.mode}: {r.seconds / 60:.1f} min" for r in reports if not r.skipped]
    lines += ["time by app and mode:", *times] if times else []
    return "\n".join([*lines, f"{name}: {passed} passed, {failed} failed, {len(skips)} skipped"])


def run_checks(report: Report, project: Path, env: Mapping[str, str], checks: Mapping[str, str]) -> None:
    """A project's own checks, by name and command, each reported as passed or failed (with its output's tail)."""
    for name, command in checks.items():
        result = run(command, project, dict(env))
        report.add(name, result.returncode == 0, "" if result.returncode == 0 else tail(result))


def secret_key_refused(report: Report, project: Path, env: Mapping[str, str], command: str) -> None:
    """The contract: a production start without SECRET_KEY, or with the example value, is refused with a message
    naming it. `command` loads the project's settings and exits."""
    for label, value in (("missing", ""), ("example value", EXAMPLE_SECRET_KEY)):
        result = run(command, project, {**env, "SECRET_KEY": value})
        ok = result.returncode != 0 and "SECRET_KEY" in result.stderr
        report.add(f"SECRET_KEY {label} refused", ok, "" if ok else tail(result))

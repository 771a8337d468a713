"""A smoke run's results: one line per check as it happens, counted at the end."""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field

# The admin every smoke run creates (createsuperuser --noinput) and signs in as.
ADMIN_USER, ADMIN_PASSWORD = "smoke-admin", "smoke-" + secrets.token_urlsafe(12)


@dataclass
class Report:
    rung: str
    mode: str
    skipped: str = ""
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    skipped_checks: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append((name, ok, detail))
        print(f"  {'PASS' if ok else 'FAIL'} {self.mode}/{name}{': ' + detail if detail else ''}", flush=True)
        return ok

    def skip(self, name: str, reason: str) -> None:
        """A check that cannot run here: printed with its reason, counted neither as passed nor as failed."""
        self.skipped_checks.append((name, reason))
        print(f"  SKIP {self.mode}/{name}: {reason}", flush=True)

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
    return "\n".join([*lines, f"{name}: {passed} passed, {failed} failed, {len(skips)} skipped"])

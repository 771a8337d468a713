"""The smoke's closing summary: every skip counted and listed with its reason, a whole mode or one check."""

from __future__ import annotations

from ladder.verify.report import Report, summary


def test_every_skip_is_counted_and_listed_with_its_reason() -> None:
    native = Report("node-l2", "native")
    native.add("npm ci", True)
    native.add("contract/health.live", False, "503")
    native.skip("npm audit", "the registry's audit endpoint does not answer here")
    native.skip("Redis outage and recovery", "Redis is given by REDIS_URL; it is not ours to stop")
    podman = Report("node-l2", "podman", skipped="podman not installed")
    lines = summary("smoke", [native, podman]).splitlines()
    assert lines[-1] == "smoke: 1 passed, 1 failed, 3 skipped"
    assert lines[0] == "skipped (3):"
    assert "  node-l2 podman: podman not installed" in lines
    assert "  node-l2 native/npm audit: the registry's audit endpoint does not answer here" in lines
    assert any(line.startswith("  node-l2 native/Redis outage and recovery: Redis is given") for line in lines)


def test_without_skips_the_time_of_each_run_and_the_counts() -> None:
    report = Report("django-l0", "native")
    report.add("ruff check", True)
    lines = summary("smoke", [report]).splitlines()
    assert lines[0] == "time by app and mode:"
    assert lines[1].startswith("  django-l0 native: ") and lines[1].endswith(" min")
    assert lines[-1] == "smoke: 1 passed, 0 failed, 0 skipped"

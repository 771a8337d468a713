"""What a failed generated-project check reports (the failed node:test tests, found in long TAP output), and how a
server's processes are stopped."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from ladder.verify.processes import background, failed_tests, failure_report, group_members

TAP = """\
# Subtest: test/pages.test.js
    # Subtest: the home page lists every entity
    ok 1 - the home page lists every entity
      ---
      duration_ms: 12.5
      ...
    # Subtest: a visitor's list page is kept
    not ok 2 - a visitor's list page is kept
      ---
      error: 'the kept page is never answered'
      ...
    # Subtest: the jobs pages
    ok 3 - the jobs pages
not ok 1 - test/pages.test.js
  ---
  failureType: 'subtestsFailed'
  ...
1..1
# fail 1
"""


def test_failed_tests_are_each_failed_block_with_its_error() -> None:
    failed = failed_tests(TAP)
    assert len(failed) == 2
    assert failed[0].splitlines() == [
        "    not ok 2 - a visitor's list page is kept",
        "      ---",
        "      error: 'the kept page is never answered'",
        "      ...",
    ]
    assert failed[1].startswith("not ok 1 - test/pages.test.js") and "subtestsFailed" in failed[1]
    assert "1..1" not in failed[1]


def test_passing_output_has_no_failed_tests() -> None:
    assert failed_tests(TAP.replace("not ok", "ok")) == []


def test_the_report_puts_the_failures_before_the_tails() -> None:
    result = subprocess.CompletedProcess(["npm", "test"], 1, stdout="x" * 5000 + TAP, stderr="npm error")
    report = failure_report("npm test", result)
    assert report.startswith("npm test\n    not ok 2 - a visitor's list page is kept")
    assert report.endswith("npm error") and "x" * 3001 not in report


def test_stopping_a_command_waits_for_what_it_started_with_an_ampersand(tmp_path: Path) -> None:
    """A front door's command starts its API with `&` and execs its proxy: the API, slow to stop, must be gone
    (its port free) before the next start."""
    slow_to_stop = "bash -c 'trap \"sleep 1; exit 0\" TERM; while true; do sleep 0.1; done'"
    with background(f"{slow_to_stop} & sleep 60", tmp_path, {"PATH": "/usr/bin:/bin"}, tmp_path / "log") as process:
        time.sleep(0.3)
        group = process.pid
        assert len(group_members(group)) >= 2
        stopping = time.monotonic()
    assert group_members(group) == []
    assert time.monotonic() - stopping >= 0.9  # the API's own second, waited for

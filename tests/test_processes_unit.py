"""What a failed generated-project check reports: the failed node:test tests, found in long TAP output."""

from __future__ import annotations

import subprocess

from ladder.verify.processes import failed_tests, failure_report

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

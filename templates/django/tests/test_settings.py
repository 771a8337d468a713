"""Settings read from the environment: a value that cannot work is refused at start, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def check(**env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check` in a fresh process, with these variables on top of the test environment."""
    return subprocess.run(  # noqa: S603 - this interpreter and the project's own manage.py
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env={**os.environ, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("level", ["warning", " Error ", "DEBUG"])
def test_log_level_in_any_case(level: str) -> None:
    result = check(LOG_LEVEL=level)
    assert result.returncode == 0, result.stderr


def test_an_unknown_log_level_is_refused_by_name() -> None:
    result = check(LOG_LEVEL="loud")
    assert result.returncode != 0
    assert "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not 'LOUD'." in result.stderr

"""Settings read from the environment: a value that cannot work is refused at start, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def check(*command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check` (or another command) in a fresh process, with these variables on top of the test
    environment and DEBUG on unless they say otherwise (an empty value leaves a variable out)."""
    variables = {**os.environ, "DEBUG": "true", **env}
    return subprocess.run(  # noqa: S603 - this interpreter and the project's own manage.py
        [sys.executable, "manage.py", *(command or ["check"])],
        cwd=PROJECT,
        env={name: value for name, value in variables.items() if value},
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


GOOD_KEY = "k" * 32


def setting(name: str, **env: str) -> str:
    """A setting's value as a fresh process with these variables sees it (the last line `shell` prints)."""
    result = check("shell", "-c", f"from django.conf import settings; print(settings.{name})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


@pytest.mark.parametrize("key", ["", "change-me-to-a-long-random-string", "k" * 31])
def test_debug_off_refuses_a_missing_example_or_short_secret_key(key: str) -> None:
    result = check(DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY must be a random string of at least 32 characters" in result.stderr


def test_debug_is_off_unless_turned_on() -> None:
    """With DEBUG unset the app is in production mode: it wants a real key, and has one here."""
    assert check(DEBUG="", SECRET_KEY="").returncode != 0
    assert setting("DEBUG", DEBUG="", SECRET_KEY=GOOD_KEY) == "False"


def test_debug_on_without_a_key_makes_a_random_one_per_process() -> None:
    first, second = setting("SECRET_KEY", SECRET_KEY=""), setting("SECRET_KEY", SECRET_KEY="")
    assert len(first) >= 50
    assert first != second

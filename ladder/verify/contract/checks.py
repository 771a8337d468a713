"""What a contract check is: the app under test, a check's result, and how a broken promise is
recorded as a failed check instead of stopping the run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

TIMEOUT = 10.0


PAGE_SIZE = 20


LOGIN_PATH = "/accounts/login/"
LOGOUT_PATH = "/accounts/logout/"


# Form posts must answer with one of these (the contract: "redirects (303 or 302)").
FORM_REDIRECTS = (302, 303)


ANY_REDIRECT = (301, 302, 303, 307, 308)


@dataclass
class Target:
    """A running app to check: where it is, what it serves, and who may write to it."""

    base_url: str
    model: dict[str, Any]
    username: str
    password: str
    html: bool = True  # False for API-only rungs
    graphql: bool = False  # the fraiseql rung: the GraphQL contract instead of the REST one


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str


class CheckFailed(Exception):
    """The app broke a promise; the message is the check's detail."""


def expect(condition: bool, detail: str) -> None:
    if not condition:
        raise CheckFailed(detail)


class Recorder:
    def __init__(self) -> None:
        self.results: list[CheckResult] = []

    def run(self, name: str, check: Callable[[], str]) -> bool:
        """Run one check; whatever goes wrong inside becomes a failed result, never an exception."""
        try:
            detail = check()
        except CheckFailed as exc:
            return self._add(name, False, str(exc))
        except requests.RequestException as exc:
            return self._add(name, False, f"request failed: {exc}")
        # An app answer the driver did not foresee (a list where an object was due...) is a failure
        # of that check, not a reason to stop the others.
        except Exception as exc:  # noqa: BLE001
            return self._add(name, False, f"{type(exc).__name__}: {exc}")
        return self._add(name, True, detail)

    def _add(self, name: str, ok: bool, detail: str) -> bool:
        self.results.append(CheckResult(name, ok, detail))
        return ok

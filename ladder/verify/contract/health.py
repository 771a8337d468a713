"""Health: /health/live/ answers 200 `status: ok`; /health/ready/ answers 200 naming its checks, a database
check among them."""

from __future__ import annotations

from typing import Any

from ladder.verify.contract.checks import expect
from ladder.verify.contract.client import describe, json_body
from ladder.verify.contract.driver import DriverBase

_READY_WORDS = ("status", "checks", "name", "state", "ok", "detail", "details")


def ready_check_names(body: Any) -> list[str]:
    """The names of the checks a readiness body reports: object keys other than the overall status, and
    the `name` of objects in lists (both `{"database": "ok"}` and `{"checks": [{"name": ...}]}`)."""
    names: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            if key == "name" and isinstance(value, str):
                names.append(value)
            elif key not in _READY_WORDS:
                names.append(str(key))
            names.extend(ready_check_names(value) if isinstance(value, dict | list) else [])
    elif isinstance(body, list):
        for item in body:
            names.extend(ready_check_names(item))
    return names


class HealthChecks(DriverBase):
    """The two health endpoints, read anonymously."""

    def health_live(self) -> str:
        resp = self.public.get("/health/live/")
        expect(resp.status_code == 200, describe(resp))
        body = json_body(resp)
        expect(isinstance(body, dict) and body.get("status") == "ok", describe(resp))
        return "200 status ok"

    def health_ready(self) -> str:
        resp = self.public.get("/health/ready/")
        expect(resp.status_code == 200, describe(resp))
        names = ready_check_names(json_body(resp))
        expect(bool(names), f"the body names no check: {describe(resp)}")
        expect(
            any("db" in n.lower() or "database" in n.lower() for n in names),
            f"no database check among {names}: {describe(resp)}",
        )
        return f"200 checks {names}"

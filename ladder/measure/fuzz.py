"""Input robustness: schemathesis-generated requests against a running app's OpenAPI schema (/api/schema/).

Every operation gets valid and invalid inputs (schemathesis' positive and negative modes), signed in with an API
token so that writes are really attempted; operations on one object get random ids and the id of a seeded
object. Two properties hold for every request: no 5xx answer, and a refused write (any 4xx on POST, PUT, PATCH
or DELETE) leaves every entity's rows as they were (each entity's /export.csv compared before and after).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from ladder.verify.report import Report

TIMEOUT = 10.0
WRITES = ("POST", "PUT", "PATCH", "DELETE")


class Fuzzer:
    def __init__(self, base_url: str, model: dict[str, Any], token: str) -> None:
        self.base_url, self.model = base_url, model
        self.headers = {"Authorization": f"Token {token}"}
        self.statuses: Counter[int] = Counter()
        self.server_errors: list[str] = []
        self.stored: list[str] = []
        self.notes: list[str] = []

    def snapshot(self) -> list[str]:
        """Every entity's rows, as its CSV export shows them."""
        return [
            requests.get(f"{self.base_url}/{e['plural']}/export.csv", timeout=TIMEOUT).text
            for e in self.model["entities"]
        ]

    def exercise(self, case: Any) -> None:
        write = case.method.upper() in WRITES
        before = self.snapshot() if write else None
        try:
            response = case.call(base_url=self.base_url, headers=self.headers, timeout=TIMEOUT)
        except requests.RequestException as error:
            self.server_errors.append(f"{describe(case)}: no answer ({type(error).__name__})")
            return
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.server_errors.append(f"{describe(case)} -> {response.status_code}")
        if before is not None and response.status_code >= 400 and self.snapshot() != before:
            self.stored.append(f"{describe(case)} -> {response.status_code}, but the rows changed")

    def run(self, strategy: Any, examples: int, label: str) -> None:
        test = settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )(given(case=strategy)(self.exercise_case))
        try:
            test()
        except Unsatisfiable:
            self.notes.append(f"{label}: nothing to generate (no input of this operation can be made invalid)")
        except Exception as error:  # noqa: BLE001 - a strategy that cannot generate is noted, the rest still run
            self.notes.append(f"{label}: {type(error).__name__}: {str(error)[:200]}")

    def exercise_case(self, case: Any) -> None:
        self.exercise(case)


def describe(case: Any) -> str:
    body = "" if case.body is None or type(case.body).__name__ == "NotSet" else f" body={case.body!r}"[:300]
    query = f" query={case.query!r}" if case.query else ""
    return f"{case.method.upper()} {case.formatted_path}{query}{body}"


def known_ids(fuzzer: Fuzzer, path: str) -> dict[str, Any] | None:
    """Path parameters naming a stored object, for an operation like /api/tasks/{id}/ (None if there is none)."""
    match = re.fullmatch(r"/api/([^/]+)/\{([^}]+)\}/", path)
    if not match:
        return None
    plural, name = match.groups()
    entity = next((e for e in fuzzer.model["entities"] if e["plural"] == plural), None)
    if entity is None:
        return None
    results = requests.get(f"{fuzzer.base_url}/api/{plural}/", timeout=TIMEOUT).json().get("results") or []
    pk = (entity.get("pk") or {}).get("name") or "id"
    return {name: str(results[0][pk])} if results else None


def strategies(fuzzer: Fuzzer, operation: Any) -> list[tuple[str, Callable[[], Any]]]:
    """(label, strategy factory) for each mode, and for one-object operations a stored object's id too."""
    found: list[tuple[str, Callable[[], Any]]] = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        label = f"{operation.method.upper()} {operation.path} {mode.value}"
        found.append((label, partial(operation.as_strategy, generation_mode=mode)))
        if "{" in operation.path:
            found.append((label + " (stored id)", partial(_stored_id_strategy, fuzzer, operation, mode)))
    return found


def _stored_id_strategy(fuzzer: Fuzzer, operation: Any, mode: Any) -> Any:
    ids = known_ids(fuzzer, operation.path)
    return operation.as_strategy(generation_mode=mode, path_parameters=ids) if ids else None


def fuzz_api(report: Report, base_url: str, model: dict[str, Any], token: str, examples: int) -> None:
    schema = schemathesis.openapi.from_url(f"{base_url}/api/schema/")
    fuzzer = Fuzzer(base_url, model, token)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: op.method.upper() == "DELETE")  # deletes last: the others need stored rows
    for operation in operations:
        for label, make in strategies(fuzzer, operation):
            strategy = make()
            if strategy is not None:
                fuzzer.run(strategy, examples, label)
    for note in fuzzer.notes:
        print(f"  note: {note}")
    sent = sum(fuzzer.statuses.values())
    summary = f"{sent} requests over {len(operations)} operations; statuses {dict(sorted(fuzzer.statuses.items()))}"
    report.add(
        "fuzz: no 5xx on generated input", sent > 0 and not fuzzer.server_errors, _first(fuzzer.server_errors, summary)
    )
    report.add(
        "fuzz: nothing stored from a refused request", sent > 0 and not fuzzer.stored, _first(fuzzer.stored, summary)
    )


def _first(problems: list[str], summary: str, shown: int = 5) -> str:
    if not problems:
        return summary
    return f"{len(problems)} problems, first: " + "; ".join(problems[:shown]) + f" ({summary})"

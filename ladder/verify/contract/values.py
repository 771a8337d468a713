"""Values the driver sends (valid, unique per run, in the JSON and the form encodings) and how it compares
what the app returns with what was sent."""

from __future__ import annotations

import math
import random
import string
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ladder.verify.contract.client import short
from ladder.verify.contract.model import Entity, Field, editable_fields, field_named, pk_name


def _base36(n: int) -> str:
    digits = string.digits + string.ascii_lowercase
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


class ValueFactory:
    """Valid values per field kind, unique within a run and, thanks to a random token, across runs that
    share one database (a leftover row of an earlier run must not collide with a unique field)."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)
        self.token = "".join(self._rng.choice(string.ascii_lowercase) for _ in range(6))
        self.base = self._rng.randint(1, 999_999)
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def value(self, f: Field, n: int, tag: str = "Row") -> Any:
        """A value for field `f`, distinct for each `n`; `tag` marks str/text values (search needles)."""
        kind = f["kind"]
        if kind == "str":
            return self._str(n, f.get("max_length"), tag)
        if kind == "text":
            return f"{tag}-{self.token}-{n} written by the Stack Ladder contract driver"
        if kind == "int":
            return self.base * 1000 + n
        if kind == "decimal":
            return self._decimal(n, f.get("max_digits"), f.get("decimal_places"))
        if kind == "float":
            return float((self.base % 10_000) * 1000 + n) + 0.25
        if kind == "bool":
            return n % 2 == 1
        if kind == "date":
            return (date(2000, 1, 1) + timedelta(days=(self.base + n) % 36_000)).isoformat()
        if kind == "datetime":
            # Whole minutes: a datetime-local form input carries no seconds.
            minutes = (self.base * 1000 + n) % 40_000_000
            return (datetime(2001, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)).isoformat()
        if kind == "email":
            return f"{tag.lower()}.{self.token}.{n}@example.com"
        if kind == "url":
            return f"https://example.com/{self.token}/{n}"
        if kind == "uuid":
            return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
        if kind == "enum":
            choices = f.get("choices") or []
            return choices[n % len(choices)] if choices else None
        return None  # ref: the driver supplies the pk of a real row

    def _str(self, n: int, max_length: int | None, tag: str) -> str:
        full = f"{tag}-{self.token}-{n}"
        if not max_length or len(full) <= max_length:
            return full
        compact = f"{self.token}{_base36(n)}"
        if len(compact) <= max_length:
            return compact
        return _base36(n).rjust(max_length, "0")[-max_length:]

    def _decimal(self, n: int, max_digits: int | None, places: int | None) -> str:
        digits = max_digits or 10
        scale = places if places is not None else 2
        number = (self.base * 1000 + n) % 10**digits
        return format(Decimal(number).scaleb(-scale), "f")


def build_payload(entity: Entity, factory: ValueFactory, refs: Mapping[str, Any]) -> dict[str, Any]:
    """A valid JSON body for creating `entity`: every editable field, refs taken from `refs`."""
    n = factory.next_seq()
    payload: dict[str, Any] = {}
    for f in editable_fields(entity):
        if f["kind"] == "ref":
            payload[f["name"]] = refs.get(f["name"])
        else:
            payload[f["name"]] = factory.value(f, n)
    return payload


def fresh_value(factory: ValueFactory, f: Field, current: Any) -> Any:
    """A valid value for `f` that differs from `current` (for PATCH and HTML edits)."""
    if f["kind"] == "bool":
        return not current
    if f["kind"] == "enum":
        others = [c for c in f.get("choices") or [] if c != current]
        return others[0] if others else current
    return factory.value(f, factory.next_seq(), tag="Edited")


def to_form(entity: Entity, payload: Mapping[str, Any]) -> dict[str, str]:
    """The form encoding of a JSON payload: a ticked checkbox is "on" and an unticked one is omitted,
    datetimes are `YYYY-MM-DDTHH:MM` (what a datetime-local input sends), None is an empty input."""
    form: dict[str, str] = {}
    for f in editable_fields(entity):
        name = f["name"]
        if name not in payload:
            continue
        value = payload[name]
        if f["kind"] == "bool":
            if value:
                form[name] = "on"
        elif value is None:
            form[name] = ""
        elif f["kind"] == "datetime":
            form[name] = parse_datetime(str(value)).strftime("%Y-%m-%dT%H:%M")
        else:
            form[name] = str(value)
    return form


def parse_datetime(text: str) -> datetime:
    """ISO 8601 (with `Z` or an offset); a naive value is taken as UTC."""
    parsed = datetime.fromisoformat(text.strip())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def values_match(f: Field, sent: Any, got: Any, wall_clock: bool = False) -> bool:
    """Whether the app's `got` is the value that was `sent` for field `f`.

    Decimals compare numerically (12.5 == "12.50"), floats approximately, datetimes as instants, uuids
    and refs as strings. `wall_clock` compares datetimes by local time only: a form's datetime-local input
    has no zone, and the app reads it in its own zone.
    """
    if sent is None or got is None:
        return sent is None and got is None
    try:
        return _kind_match(f["kind"], sent, got, wall_clock)
    except (ValueError, TypeError, InvalidOperation):
        return False


def _kind_match(kind: str, sent: Any, got: Any, wall_clock: bool) -> bool:
    if kind == "decimal":
        return Decimal(str(sent)) == Decimal(str(got))
    if kind == "float":
        return isinstance(got, int | float | str) and math.isclose(float(sent), float(got), rel_tol=1e-9)
    if kind == "int":
        return not isinstance(got, bool) and int(got) == int(sent)
    if kind == "bool":
        return got is sent
    if kind == "datetime":
        a, b = parse_datetime(str(sent)), parse_datetime(str(got))
        return a.replace(tzinfo=None) == b.replace(tzinfo=None) if wall_clock else a == b
    if kind == "date":
        return date.fromisoformat(str(got)) == date.fromisoformat(str(sent))
    if kind == "uuid":
        return uuid.UUID(str(got)) == uuid.UUID(str(sent))
    if kind == "ref":
        return not isinstance(got, dict | list) and str(got).lower() == str(sent).lower()
    return bool(got == sent)


def object_problems(entity: Entity, sent: Mapping[str, Any], got: Any, wall_clock: bool = False) -> list[str]:
    """What is wrong with an object the API returned, given what was sent (empty when nothing)."""
    if not isinstance(got, dict):
        return [f"expected a JSON object, got {short(got)}"]
    problems = []
    if got.get(pk_name(entity)) in (None, ""):
        problems.append(f"no pk {pk_name(entity)!r}")
    missing = [f["name"] for f in entity["fields"] if f["name"] not in got]
    if missing:
        problems.append(f"missing fields {missing}")
    for name, value in sent.items():
        f = field_named(entity, name)
        if name in got and not values_match(f, value, got[name], wall_clock):
            problems.append(f"{name}: sent {value!r}, got {got[name]!r}")
    return problems

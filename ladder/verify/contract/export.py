"""CSV export: /<plural>/export.csv answers text/csv with a header of the pk and the fields and one row per
stored row."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ladder.verify.contract.checks import expect
from ladder.verify.contract.client import describe
from ladder.verify.contract.driver import DriverBase, EntityState


def csv_problems(text: str, header: Sequence[str], rows: int, pk: str | None = None) -> list[str]:
    """What is wrong with an export: its header must be `header`, it must hold `rows` rows of the same
    width, and (when given) a row whose first column is `pk`. A UTF-8 BOM is tolerated (Excel likes it)."""
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    if not table:
        return ["the CSV is empty"]
    problems = []
    if table[0] != list(header):
        problems.append(f"header {table[0]} != expected {list(header)}")
    body = [r for r in table[1:] if r]
    if len(body) != rows:
        problems.append(f"{len(body)} rows, expected {rows}")
    ragged = [i + 2 for i, r in enumerate(body) if len(r) != len(header)]
    if ragged:
        problems.append(f"rows of the wrong width at lines {ragged[:5]}")
    if pk is not None and pk.lower() not in {r[0].lower() for r in body}:
        problems.append(f"no row for pk {pk}")
    return problems


CREATED_AT = "created_at"


class ExportChecks(DriverBase):
    """The export of one entity."""

    def html_export(self, state: EntityState) -> str:
        count = self.count(state)
        resp = self.public.get(f"/{state.plural}/export.csv")
        expect(resp.status_code == 200, describe(resp))
        content_type = resp.headers.get("Content-Type", "")
        expect(content_type.startswith("text/csv"), f"Content-Type {content_type!r}")
        text = resp.content.decode("utf-8-sig")
        header = [state.pk_name] + [f["name"] for f in state.entity["fields"]]
        # An entity with no auto_add field gets a created_at column that orders its list; an export may carry it.
        first_line = text.split("\n", 1)[0].strip()
        if not any(f["auto_add"] for f in state.entity["fields"]) and first_line.endswith(f",{CREATED_AT}"):
            header.append(CREATED_AT)
        pk = state.main_pk() if state.obj is not None else None
        problems = csv_problems(text, header, count, pk)
        expect(not problems, "; ".join(problems))
        return f"200 text/csv, {count} rows"

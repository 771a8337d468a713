"""CSV in the format of the list pages' export (`/<plural>/export.csv`): writing it, and reading it back.

Written: a header row of field names (pk first, in model order), then one row per object with the values of
mixins.csv_value(). Read back: the same header (any subset of it, in any order; the pk and automatic dates are
ignored), each row validated by the entity's ModelForm exactly as the "New" page validates it.
"""

import csv
from collections.abc import Callable
from typing import IO, Any

from django import forms
from django.db.models import QuerySet

from .registry import Entity, csv_value, from_csv_text

# What an import accepts in a bool column (any case). Empty means false, as an unticked box does.
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


def write(entity: Entity, queryset: QuerySet, out: IO[str], progress: Callable[[int], None]) -> int:
    """Write the header and one row per object; `progress(rows written)` after each row. Returns the row count."""
    columns = entity.columns
    writer = csv.writer(out)
    writer.writerow([f.name for f in columns])
    written = 0
    for obj in queryset.iterator(chunk_size=500):
        writer.writerow([csv_value(obj, f) for f in columns])
        written += 1
        progress(written)
    return written


def header_problem(entity: Entity, header: list[str] | None) -> str | None:
    """What is wrong with an import's header row, in one sentence for the user; None when it will do."""
    known = [f.name for f in entity.columns]
    editable = list(entity.form_class.base_fields)
    if not header or not any(name.strip() for name in header):
        return f"The first row must name the columns: {', '.join(editable)}."
    names = [name.strip() for name in header]
    unknown = [name for name in names if name not in known]
    if unknown:
        return (
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"The columns are the field names: {', '.join(editable)}."
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        return f"Column{'s' if len(repeated) > 1 else ''} named twice: {', '.join(repeated)}."
    if not set(names) & set(editable):
        return f"No column to import: name at least one of {', '.join(editable)}."
    defaults = missing_values(entity, names)
    needed = [
        name
        for name, field in entity.form_class.base_fields.items()
        if field.required and name not in names and defaults.get(name) in (None, "")
    ]
    if needed:
        return f"Missing required column{'s' if len(needed) > 1 else ''}: {', '.join(needed)}."
    return None


def missing_values(entity: Entity, header: list[str]) -> dict[str, Any]:
    """Values for the form fields the file has no column for: their defaults, as the "New" page fills them in."""
    blank = entity.form_class()
    values: dict[str, Any] = {}
    for name in entity.form_class.base_fields:
        if name in header:
            continue
        value = blank[name].value()
        if isinstance(blank.fields[name], forms.BooleanField):
            if value:
                values[name] = "on"
        else:
            values[name] = "" if value is None else value
    return values


class Importer:
    """Turns the rows of one import file into saved objects, or into errors by field."""

    def __init__(self, entity: Entity, header: list[str]) -> None:
        self.entity = entity
        self.header = [name.strip() for name in header]
        self.form_fields = entity.form_class.base_fields
        self.defaults = missing_values(entity, self.header)

    def form_data(self, row: list[str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """The row as form data (only the form's fields), and the errors found before the form sees it."""
        if len(row) != len(self.header):
            return {}, {"__all__": [f"This row has {len(row)} values; the header has {len(self.header)} columns."]}
        data: dict[str, Any] = dict(self.defaults)
        errors: dict[str, list[str]] = {}
        for name, value in zip(self.header, row, strict=True):
            field = self.form_fields.get(name)
            if field is None:
                continue  # the pk and automatic dates: the database sets them
            if isinstance(field, forms.BooleanField):
                word = value.strip().lower()
                if word in TRUE_WORDS:
                    data[name] = "on"
                elif word not in FALSE_WORDS:
                    errors[name] = [f"Enter true or false (or yes/no, 1/0), not {value!r}."]
            else:
                data[name] = from_csv_text(value)
        return data, errors

    def validate(self, row: list[str]) -> tuple[forms.ModelForm | None, dict[str, list[str]]]:
        """A valid form ready to save, or None and the row's errors ({field: [messages]}, "__all__" for the row)."""
        data, errors = self.form_data(row)
        if errors:
            return None, errors
        form = self.entity.form_class(data=data)
        if not form.is_valid():
            return None, {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        return form, {}

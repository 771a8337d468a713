"""The bench's rows, written by the database itself from the project's entity model.

One `INSERT ... SELECT ... FROM generate_series(1, n)` per entity (SQLite: a recursive CTE counting to n), its
values computed from the row number `i` by the field's kind in the model (ladder/build/spec.py
`model_of_project`), then `VACUUM ANALYZE`: a million rows take seconds, where the ORM one by one takes minutes.
Entities are written targets first, so every reference points at a row that exists.

The measured entity is the first that refers to another (a Book, which refers to its Author), or else the
first: it gets the rows asked for, every other entity a tenth of them. Its first searched field carries the word
`NEEDLE` in `SEARCH_MATCHES` rows, evenly spread, so a `?q=` search matches a few rows at every size.

Table and column names are read from the migrated database, not assumed: a Django table is `<app>_<model>` and
its reference column `<name>_id`, a JavaScript track's table is the entity's snake name and its column the
field's name. A column the model does not name is left to its default, or given a time when it is a
`created_at`/`updated_at`; one that is NOT NULL without a default is refused, naming the table and the column.
"""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from dataclasses import dataclass
from typing import Any

NEEDLE = "Quixotic"  # what `?q=` looks for; no word below shares its trigrams
SEARCH_MATCHES = 5
WORDS = ("Garden", "River", "Letters", "Stone", "Harbor", "Winter", "Lantern", "Meadow", "Copper", "Orchard")
EXTRA_TIMES = ("created_at", "updated_at")  # columns a template adds beside the spec's fields
COMPACT_UUID = "char(32)"  # Django's UUID column on SQLite


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # PostgreSQL's format_type(), or SQLite's declared type
    nullable: bool
    has_default: bool  # a default, an identity, or SQLite's rowid alias


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, Column]

    def column_of(self, field: str) -> str:
        """The column holding `field`: the field's name, or Django's `<name>_id` for a reference."""
        for name in (field, f"{field}_id"):
            if name in self.columns:
                return name
        raise ValueError(f"table {self.name} has no column for the field {field!r} (looked for {field}, {field}_id)")


# --------------------------------------------------------------------------- which rows


def measured_entity(model: dict[str, Any]) -> dict[str, Any]:
    """The entity the bench measures: the first that refers to another, else the first."""
    entities: list[dict[str, Any]] = model["entities"]
    if not entities:
        raise ValueError("entities: the model has no entity to seed")
    return next((e for e in entities if any(f["kind"] == "ref" for f in e["fields"])), entities[0])


def row_counts(model: dict[str, Any], rows: int) -> dict[str, int]:
    """Rows per entity name: `rows` of the measured entity, a tenth of that (at least one) of every other."""
    if rows < 1:
        raise ValueError(f"rows: must be at least 1, not {rows}")
    measured = measured_entity(model)["name"]
    return {e["name"]: rows if e["name"] == measured else max(rows // 10, 1) for e in model["entities"]}


def seeding_order(model: dict[str, Any]) -> list[dict[str, Any]]:
    """The entities, each after the entities it refers to (a reference to itself is left empty)."""
    by_name = {e["name"]: e for e in model["entities"]}
    ordered: list[dict[str, Any]] = []

    def visit(entity: dict[str, Any], path: tuple[str, ...]) -> None:
        if entity in ordered:
            return
        if entity["name"] in path:
            raise ValueError(f"entities: references go round in a circle ({' -> '.join([*path, entity['name']])})")
        for field in entity["fields"]:
            if field["kind"] == "ref" and field["target"] != entity["name"]:
                visit(by_name[field["target"]], (*path, entity["name"]))
        ordered.append(entity)

    for entity in model["entities"]:
        visit(entity, ())
    return ordered


def ordering_of(entity: dict[str, Any]) -> list[str]:
    """Newest first, as both tracks order a list: by the spec's auto_add date, else by `created_at`, then pk."""
    added = next((f["name"] for f in entity["fields"] if f["kind"] == "datetime" and f["auto_add"]), "created_at")
    return [f"-{added}", f"-{entity['pk']['name']}"]


def deep_page(rows: int, page_size: int = 20, wanted: int = 1000) -> int:
    """The deep page measured: page `wanted`, or the last page where there are fewer."""
    return max(1, min(wanted, -(-rows // page_size)))


# --------------------------------------------------------------------------- the SQL


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pick(words: tuple[str, ...] | list[str], index: str) -> str:
    """A CASE choosing words[index % len] (neither dialect shares an array syntax with the other)."""
    whens = " ".join(f"WHEN {n} THEN {_literal(w)}" for n, w in enumerate(words))
    return f"(CASE ({index}) % {len(words)} {whens} END)"


def uuid_sql(salt: int, number: str, dialect: str, column_type: str = "") -> str:
    """A valid version-4 UUID, distinct per (salt, number): the referring side computes the same one. Django
    stores a UUID on SQLite as 32 hex digits in a `char(32)` column, without the dashes."""
    if dialect == "sqlite":
        dash = "" if column_type.lower() == COMPACT_UUID else "-"
        return f"printf('%08x{dash}0000{dash}4000{dash}8000{dash}%012x', {salt}, {number})"
    return f"(lpad(to_hex({salt}), 8, '0') || '-0000-4000-8000-' || lpad(to_hex({number}), 12, '0'))"


def dashed_uuid(value: str) -> str:
    """A UUID as URLs and JSON write it, from either way a database may store it."""
    return str(uuid.UUID(value))


def datetime_sql(dialect: str, iso: bool) -> str:
    """Row i was stored i seconds ago: the newest first is row 1."""
    if dialect == "sqlite":
        pattern = "%Y-%m-%dT%H:%M:%fZ" if iso else "%Y-%m-%d %H:%M:%f"
        return f"strftime('{pattern}', 'now', '-' || i || ' seconds')"
    return "(now() - i * interval '1 second')"


@dataclass(frozen=True)
class Context:
    """What a value depends on beyond its field: the dialect, the row counts, the other tables."""

    dialect: str  # "postgresql" or "sqlite"
    counts: dict[str, int]
    entities: dict[str, dict[str, Any]]
    tables: dict[str, Table]  # by entity name
    salts: dict[str, int]  # a number per entity, for its UUIDs
    measured: str  # the measured entity's name (its search field carries the needle)
    iso_datetimes: bool = False  # SQLite: ISO 8601 with T and Z (JavaScript) rather than Django's format


def value_sql(entity: dict[str, Any], field: dict[str, Any], ctx: Context) -> str:
    """The SQL expression of `field`'s value in row i, by its kind."""
    kind, name = field["kind"], field["name"]
    if kind == "str":
        words = f"{pick(WORDS, 'i')} || ' ' || {pick(WORDS, 'i / 10')} || ' ' || i"
        if entity["search"] and entity["search"][0] == name and entity["name"] == ctx.measured:
            stride = max(ctx.counts[entity["name"]] // SEARCH_MATCHES, 1)
            words = f"(CASE WHEN i % {stride} = 0 THEN {_literal(NEEDLE + ' ')} ELSE '' END) || {words}"
        return f"substr({words}, 1, {field['max_length'] or 255})"
    if kind == "text":
        return f"('Notes on ' || {pick(WORDS, 'i / 3')} || ', number ' || i)"
    if kind == "email":
        return f"('{entity['snake']}' || i || '@example.com')"
    if kind == "url":
        return f"('https://example.com/{entity['plural']}/' || i)"
    if kind == "int":
        return "(i % 1000)"
    if kind == "float":
        return "((i % 50) / 10.0)"
    if kind == "decimal":
        digits, places = field["max_digits"] or 8, field["decimal_places"] or 0
        number = f"(((i * 37) % {10 ** min(digits, 6)}) / {10**places}.0)"
        return f"printf('%.{places}f', {number})" if ctx.dialect == "sqlite" else number
    if kind == "bool":
        return "(i % 2 = 0)"
    if kind == "date":
        if ctx.dialect == "sqlite":
            return "date('2000-01-01', '+' || (i % 9000) || ' days')"
        return "(DATE '2000-01-01' + (i % 9000)::int)"
    if kind == "datetime":
        return datetime_sql(ctx.dialect, ctx.iso_datetimes)
    if kind == "uuid":
        return uuid_sql(ctx.salts[entity["name"]] + 100, "i", ctx.dialect, column_type(entity, name, ctx))
    if kind == "enum":
        return pick(field["choices"], "i")
    if kind == "ref":
        return ref_sql(entity, field, ctx)
    raise ValueError(f"{entity['name']}.{name}: the bench cannot seed a field of kind {kind!r}")


def column_type(entity: dict[str, Any], field: str, ctx: Context) -> str:
    """The declared type of the column holding the entity's `field`."""
    table = ctx.tables[entity["name"]]
    return table.columns[table.column_of(field)].type


def ref_sql(entity: dict[str, Any], field: dict[str, Any], ctx: Context) -> str:
    """A row of the target, spread evenly: its UUID recomputed, or its first id plus an offset."""
    target = ctx.entities[field["target"]]
    if target["name"] == entity["name"]:
        return "NULL"  # a reference to its own entity: the rows it could point at are being written
    count = ctx.counts[target["name"]]
    if target["pk"]["kind"] == "uuid":
        return uuid_sql(
            ctx.salts[target["name"]], f"(i % {count}) + 1", ctx.dialect, column_type(entity, field["name"], ctx)
        )
    table, pk = ctx.tables[target["name"]], target["pk"]["name"]
    if target["pk"]["kind"] == "int":
        return f"((SELECT min({_quoted(pk)}) FROM {_quoted(table.name)}) + (i % {count}))"  # noqa: S608 - quoted names, the model's values
    return f"('{target['snake']}-' || ((i % {count}) + 1))"


def pk_sql(entity: dict[str, Any], table: Table, ctx: Context) -> str | None:
    """The pk's value, or None where the database numbers the rows itself."""
    pk = entity["pk"]
    if pk["kind"] == "uuid":
        return uuid_sql(ctx.salts[entity["name"]], "i", ctx.dialect, column_type(entity, pk["name"], ctx))
    column = table.columns.get(pk["name"])
    if column is not None and column.has_default:
        return None
    return "i" if pk["kind"] == "int" else f"('{entity['snake']}-' || i)"


def insert_sql(entity: dict[str, Any], ctx: Context) -> str:
    """One statement writing all of the entity's rows."""
    table = ctx.tables[entity["name"]]
    values: dict[str, str] = {}
    pk = pk_sql(entity, table, ctx)
    if pk is not None:
        values[entity["pk"]["name"]] = pk
    for field in entity["fields"]:
        values[table.column_of(field["name"])] = value_sql(entity, field, ctx)
    for column in table.columns.values():
        if column.name in values or column.name == entity["pk"]["name"]:
            continue
        if column.name in EXTRA_TIMES:
            values[column.name] = datetime_sql(ctx.dialect, ctx.iso_datetimes)
        elif not column.nullable and not column.has_default:
            raise ValueError(
                f"{table.name}.{column.name}: NOT NULL without a default, and not a field of {entity['name']} "
                "in the entity model, so the bench cannot fill it"
            )
    if ctx.dialect == "postgresql":
        values = {name: f"CAST({sql} AS {table.columns[name].type})" for name, sql in values.items()}
    columns = ", ".join(_quoted(name) for name in values)
    select = ",\n  ".join(values.values())
    count = ctx.counts[entity["name"]]
    if ctx.dialect == "sqlite":
        return (
            f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count})\n"  # noqa: S608 - quoted names, the model's values
            f"INSERT INTO {_quoted(table.name)} ({columns})\nSELECT\n  {select}\nFROM s;"
        )
    return (
        f"INSERT INTO {_quoted(table.name)} ({columns})\nSELECT\n  {select}\nFROM generate_series(1, {count}) AS s(i);"
    )


def context(
    model: dict[str, Any], rows: int, tables: dict[str, Table], dialect: str, iso_datetimes: bool = False
) -> Context:
    if dialect not in ("postgresql", "sqlite"):
        raise ValueError(f"dialect: postgresql or sqlite, not {dialect!r}")
    entities = {e["name"]: e for e in model["entities"]}
    salts = {e["name"]: n + 1 for n, e in enumerate(model["entities"])}
    measured = measured_entity(model)["name"]
    return Context(dialect, row_counts(model, rows), entities, tables, salts, measured, iso_datetimes)


def seed_script(ctx: Context, model: dict[str, Any]) -> list[str]:
    """Every statement of a seeding, in order; then VACUUM ANALYZE (SQLite: VACUUM, ANALYZE).

    PostgreSQL's last statement, CHECKPOINT, writes the seeding's dirty pages out now: left to the checkpointer,
    a million rows' pages go out over the next minutes (checkpoint_completion_target), under the measuring.
    """
    statements = [insert_sql(entity, ctx) for entity in seeding_order(model)]
    if ctx.dialect == "sqlite":
        return [*statements, "VACUUM;", "ANALYZE;"]
    names = ", ".join(_quoted(ctx.tables[e["name"]].name) for e in seeding_order(model))
    return [*statements, f"VACUUM ANALYZE {names};", "CHECKPOINT;"]


# --------------------------------------------------------------------------- against a database


def table_candidates(entity: dict[str, Any], app: str) -> list[str]:
    """Where an entity's rows may live: Django's `<app>_<model>`, the JavaScript track's snake or plural name,
    the FraiseQL track's `tb_<snake>`."""
    return [f"{app}_{entity['name'].lower()}", entity["snake"], entity["plural"], f"tb_{entity['snake']}"]


def sqlite_path(url: str) -> str:
    """The file of a sqlite:/// URL (sqlite:////abs/path is /abs/path)."""
    if not url.startswith("sqlite:///"):
        raise ValueError(f"DATABASE_URL: not a sqlite:/// URL: {url}")
    return url.removeprefix("sqlite:///")


def psql(url: str, sql: str, *, rows: bool = False) -> str:
    """Run SQL with psql (statements in turn, stopping at the first error); unaligned output."""
    command = ["psql", "-d", url, "-v", "ON_ERROR_STOP=1", "-q", "-X"]
    if rows:
        command += ["-A", "-t", "-F", "\t"]
    result = subprocess.run([*command, "-f", "-"], input=sql, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"psql failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


COLUMNS_SQL = """SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
  a.atthasdef OR a.attidentity <> ''
FROM pg_attribute a WHERE a.attrelid = to_regclass({table}) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;"""


def read_table(url: str, candidates: list[str]) -> Table:
    """The first of `candidates` that exists in the database, with its columns."""
    for name in candidates:
        if url.startswith("sqlite:"):
            with sqlite3.connect(sqlite_path(url)) as db:
                info = db.execute(f"PRAGMA table_info({_quoted(name)})").fetchall()
            # cid, name, type, notnull, default, pk: an INTEGER PRIMARY KEY numbers its rows itself.
            columns = [
                Column(c[1], c[2], not c[3], c[4] is not None or (c[5] == 1 and c[2].upper() == "INTEGER"))
                for c in info
            ]
        else:
            out = psql(url, COLUMNS_SQL.format(table=_literal(name)), rows=True)
            columns = [
                Column(n, t, nullable == "t", default == "t")
                for n, t, nullable, default in (line.split("\t") for line in out.splitlines() if line)
            ]
        if columns:
            return Table(name, {c.name: c for c in columns})
    raise ValueError(f"no table for this entity in the database (looked for {', '.join(candidates)})")


def scalar(url: str, sql: str) -> str:
    """The one value a query answers, as text."""
    if url.startswith("sqlite:"):
        with sqlite3.connect(sqlite_path(url)) as db:
            row = db.execute(sql).fetchone()
        return "" if row is None else str(row[0])
    return psql(url, sql, rows=True).strip()


def count_rows(url: str, table: str) -> int:
    return int(scalar(url, f"SELECT count(*) FROM {_quoted(table)};"))  # noqa: S608 - a quoted name


def first_value(url: str, table: str, column: str) -> str:
    """`column` of the table's first row by that column (a row every test can name: its pk, say)."""
    sql = f"SELECT {_quoted(column)} FROM {_quoted(table)} ORDER BY 1 LIMIT 1;"  # noqa: S608 - quoted names
    value = scalar(url, sql)
    if not value:
        raise ValueError(f"{table}: no rows, so no {column} to name")
    return value


# Bulk loading as PostgreSQL's docs advise: the secondary indexes of the big table are dropped and built again
# once its rows are in, which is many times faster than keeping a trigram index up to date row by row.
INDEXES_SQL = """SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = {table}
AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = to_regclass({table}));"""


def seed(url: str, model: dict[str, Any], app: str, rows: int, iso_datetimes: bool = False) -> dict[str, Table]:
    """Write the bench's rows into the migrated database at `url`; returns each entity's table."""
    tables = {e["name"]: read_table(url, table_candidates(e, app)) for e in model["entities"]}
    if url.startswith("sqlite:"):
        ctx = context(model, rows, tables, "sqlite", iso_datetimes)
        *inserts, vacuum, analyze = seed_script(ctx, model)
        with sqlite3.connect(sqlite_path(url), isolation_level=None) as db:
            db.execute("BEGIN")
            for statement in inserts:
                db.execute(statement)
            db.execute("COMMIT")
            db.execute(vacuum)  # outside the transaction: SQLite refuses VACUUM inside one
            db.execute(analyze)
        return tables
    ctx = context(model, rows, tables, "postgresql", iso_datetimes)
    big = tables[measured_entity(model)["name"]].name
    indexes = [
        line.split("\t", 1) for line in psql(url, INDEXES_SQL.format(table=_literal(big)), rows=True).splitlines()
    ]
    *inserts, vacuum_analyze, checkpoint = seed_script(ctx, model)
    script = [
        "SET maintenance_work_mem = '256MB';",
        *(f"DROP INDEX {_quoted(name)};" for name, _ in indexes),
        *inserts,
        *(f"{definition};" for _, definition in indexes),
        vacuum_analyze,
        checkpoint,
    ]
    psql(url, "\n".join(script))
    return tables

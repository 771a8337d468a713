"""The bench's baseline for Next.js rungs: a page and route handlers over Drizzle, under `next start`.

What the Next.js docs and Drizzle's write for one table, generated at bench time into the bench's scratch
directory: `app/<plural>/page.js` (a server component reading `searchParams`), `app/api/<plural>/route.js` (GET
the list, POST a create with a token of the app's own `auth_token` table), `app/api/<plural>/[pk]/route.js`, a
health route, and `db.js`: a node-postgres pool and the table as Drizzle's `pgTable`, its columns written from
the migrated database (ladder/measure/seed.py reads them), so both read the same rows in the same order. A `?q=`
search is `lower(field) LIKE lower(...)` on the first searched field, which the rung's trigram index answers, as
the Express baseline's does (ladder/measure/baseline_express.py says why).
`trailingSlash` is on, as in the rungs, so that the same paths answer. It is built once per app (`next build`)
and reused at every size; the installed node_modules are cached outside the repository
(~/.cache/stack-ladder/baseline-next/<hash of package.json>) and copied in, since Next.js resolves its
modules inside the project.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from ladder.build.pyproject_env import CACHE as LADDER_CACHE
from ladder.measure.baseline_express import installed
from ladder.measure.seed import Column, Table, measured_entity, ordering_of
from ladder.verify.processes import run

CACHE = LADDER_CACHE / "baseline-next"
SAME_PINS = ("next", "react", "react-dom", "drizzle-orm", "pg")
WEB = "node node_modules/next/dist/bin/next start --hostname 127.0.0.1"

# PostgreSQL's format_type() of a column -> its Drizzle column, by pattern (the groups fill the options).
COLUMN_TYPES = [
    (r"uuid", 'uuid("{name}")', "uuid"),
    (r"character varying\((\d+)\)", 'varchar("{name}", {{ length: {0} }})', "varchar"),
    (r"character varying", 'varchar("{name}")', "varchar"),
    (r"text", 'text("{name}")', "text"),
    (r"integer", 'integer("{name}")', "integer"),
    (r"bigint", 'bigint("{name}", {{ mode: "number" }})', "bigint"),
    (r"numeric\((\d+),(\d+)\)", 'numeric("{name}", {{ precision: {0}, scale: {1} }})', "numeric"),
    (r"numeric", 'numeric("{name}")', "numeric"),
    (r"double precision", 'doublePrecision("{name}")', "doublePrecision"),
    (r"real", 'real("{name}")', "real"),
    (r"boolean", 'boolean("{name}")', "boolean"),
    (r"date", 'date("{name}")', "date"),
    (r"timestamp with time zone", 'timestamp("{name}", {{ withTimezone: true }})', "timestamp"),
    (r"timestamp without time zone", 'timestamp("{name}")', "timestamp"),
]


def drizzle_column(table: str, column: Column) -> tuple[str, str]:
    """The Drizzle builder call of a column, and the builder's name (for the import)."""
    for pattern, call, builder in COLUMN_TYPES:
        match = re.fullmatch(pattern, column.type)
        if match:
            return call.format(*match.groups(), name=column.name), builder
    raise ValueError(f"{table}.{column.name}: the Next.js baseline has no Drizzle column for type {column.type!r}")


DB = """// A node-postgres pool and the one table, as Drizzle's docs write them.
import os from "node:os";
import {{ drizzle }} from "drizzle-orm/node-postgres";
import {{ {builders} }} from "drizzle-orm/pg-core";
import pg from "pg";

// node-postgres takes $USER for a URL without a user name; libpq (and the rung) take the OS user.
const url = new URL(process.env.DATABASE_URL);
if (!url.username) url.username = os.userInfo().username;
export const db = drizzle({{ client: new pg.Pool({{ connectionString: url.href }}) }});

export const table = pgTable({table}, {{
{columns}
}});
export const PK = {pk};
export const PK_IS_UUID = {pk_is_uuid};
export const EDITABLE = {editable};
export const ADDED_AT = {added_at};
export const ORDER = {order};
export const SEARCH = {search};
export const PAGE_SIZE = 20;
"""

LIST = """import {{ asc, count, desc, sql }} from "drizzle-orm";
import {{ db, table, ORDER, SEARCH, PAGE_SIZE }} from "./db.js";

// One page of rows, newest first, matching ?q= where given; and how many there are.
export async function page(searchParams) {{
  const number = Math.max(1, Number.parseInt(searchParams.get("page"), 10) || 1);
  const q = searchParams.get("q");
  // The lowercased field contains the lowercased text: the form the rung's pg_trgm index serves.
  const where = q && SEARCH ? sql`lower(${{table[SEARCH]}}) like lower(${{`%${{q}}%`}})` : undefined;
  const [{{ total }}] = await db.select({{ total: count() }}).from(table).where(where);
  const rows = await db
    .select()
    .from(table)
    .where(where)
    .orderBy(...ORDER.map(([column, descending]) => (descending ? desc(table[column]) : asc(table[column]))))
    .limit(PAGE_SIZE)
    .offset((number - 1) * PAGE_SIZE);
  return {{ number, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows }};
}}
"""

PAGE = """import {{ page }} from "../../list.js";
import {{ PK }} from "../../db.js";

export const dynamic = "force-dynamic";

const text = (value) => (value === null ? "" : String(value));

export default async function Page({{ searchParams }}) {{
  const {{ number, pages, rows }} = await page(new URLSearchParams(await searchParams));
  const columns = rows.length ? Object.keys(rows[0]) : [];
  return (
    <main>
      <h1>{title}</h1>
      <table>
        <thead>
          <tr>{{columns.map((name) => <th key={{name}}>{{name}}</th>)}}</tr>
        </thead>
        <tbody>
          {{rows.map((row) => (
            <tr key={{String(row[PK])}}>
              {{columns.map((name, i) => (
                <td key={{name}}>
                  {{i === 0 ? <a href={{`/{plural}/${{row[PK]}}/`}}>{{String(row[name])}}</a> : text(row[name])}}
                </td>
              ))}}
            </tr>
          ))}}
        </tbody>
      </table>
      <p>
        Page {{number}} of {{pages}} {{number < pages ? <a href={{`?page=${{number + 1}}`}}>next</a> : null}}
      </p>
    </main>
  );
}}
"""

API_LIST = """import {{ randomUUID }} from "node:crypto";
import {{ sql }} from "drizzle-orm";
import {{ db, table, ADDED_AT, EDITABLE, PK, PK_IS_UUID }} from "../../../db.js";
import {{ page }} from "../../../list.js";

export const dynamic = "force-dynamic";

export async function GET(request) {{
  const {{ number, total, pages, rows }} = await page(new URL(request.url).searchParams);
  return Response.json({{
    count: total,
    next: number < pages ? `?page=${{number + 1}}` : null,
    previous: number > 1 ? `?page=${{number - 1}}` : null,
    results: rows,
  }});
}}

export async function POST(request) {{
  const [, key] = /^Token (\\S+)$/.exec(request.headers.get("authorization") ?? "") ?? [];
  const found = key ? await db.execute(sql`SELECT user_id FROM auth_token WHERE key = ${{key}}`) : {{ rows: [] }};
  if (!found.rows.length) {{
    return Response.json({{ detail: "Authentication credentials were not provided." }}, {{ status: 401 }});
  }}
  const body = await request.json();
  const values = {{}};
  for (const field of EDITABLE) if (body[field] !== undefined) values[field] = body[field];
  if (PK_IS_UUID) values[PK] = randomUUID();
  for (const column of ADDED_AT) values[column] = new Date();
  const [row] = await db.insert(table).values(values).returning();
  return Response.json(row, {{ status: 201 }});
}}
"""

API_DETAIL = """import {{ eq }} from "drizzle-orm";
import {{ db, table, PK }} from "../../../../db.js";

export const dynamic = "force-dynamic";

export async function GET(request, {{ params }}) {{
  const {{ pk }} = await params;
  const [row] = await db.select().from(table).where(eq(table[PK], pk)).limit(1);
  return row ? Response.json(row) : Response.json({{ detail: "Not found." }}, {{ status: 404 }});
}}
"""

HEALTH = """export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
"""

LAYOUT = """export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
"""

CONFIG = "export default { trailingSlash: true };\n"


def package_json(reference: Path) -> str:
    """next, react, react-dom, drizzle-orm and pg at the reference app's own pins."""
    pinned = json.loads((reference / "package.json").read_text(encoding="utf-8")).get("dependencies", {})
    missing = [name for name in SAME_PINS if name not in pinned]
    if missing:
        raise ValueError(f"{reference}/package.json: no pin of {', '.join(missing)} for the Next.js baseline")
    package = {
        "name": "baseline",
        "private": True,
        "type": "module",
        "dependencies": {name: pinned[name] for name in sorted(SAME_PINS)},
    }
    return json.dumps(package, indent=2) + "\n"


def db_js(entity: dict[str, Any], table: Table) -> str:
    """db.js: the pool, the table as Drizzle sees it (properties named as the columns), the entity's settings."""
    calls = [drizzle_column(table.name, column) for column in table.columns.values()]
    builders = sorted({"pgTable", *(builder for _, builder in calls)})
    fields = entity["fields"]
    order = [[table.column_of(term.lstrip("-")), term.startswith("-")] for term in ordering_of(entity)]
    return DB.format(
        builders=", ".join(builders),
        table=json.dumps(table.name),
        columns="\n".join(
            f"  {json.dumps(c.name)}: {call}," for c, (call, _) in zip(table.columns.values(), calls, strict=True)
        ),
        pk=json.dumps(table.column_of(entity["pk"]["name"])),
        pk_is_uuid=json.dumps(entity["pk"]["kind"] == "uuid"),
        editable=json.dumps([table.column_of(f["name"]) for f in fields if f["editable"] and not f["auto_add"]]),
        added_at=json.dumps([table.column_of(f["name"]) for f in fields if f["auto_add"] or f["auto_now"]]),
        order=json.dumps(order),
        search=json.dumps(table.column_of(entity["search"][0]) if entity["search"] else ""),
    )


def files(entity: dict[str, Any], table: Table) -> dict[str, str]:
    """Every file of the baseline app but package.json, by path."""
    plural = entity["plural"]
    return {
        "next.config.mjs": CONFIG,
        "db.js": db_js(entity, table),
        "list.js": LIST.format(),
        "app/layout.js": LAYOUT,
        "app/health/live/route.js": HEALTH,
        f"app/{plural}/page.js": PAGE.format(title=entity["verbose_plural"], plural=plural),
        f"app/api/{plural}/route.js": API_LIST.format(),
        f"app/api/{plural}/[pk]/route.js": API_DETAIL.format(),
    }


def generate(
    destination: Path, reference: Path, model: dict[str, Any], tables: dict[str, Table], env: dict[str, str]
) -> None:
    """Write and build the baseline app in `destination` (once: a later size reuses the build)."""
    if (destination / ".next" / "BUILD_ID").exists():
        return
    entity = measured_entity(model)
    destination.mkdir(parents=True, exist_ok=True)
    package = package_json(reference)
    (destination / "package.json").write_text(package, encoding="utf-8")
    for path, text in files(entity, tables[entity["name"]]).items():
        (destination / path).parent.mkdir(parents=True, exist_ok=True)
        (destination / path).write_text(text, encoding="utf-8")
    shutil.copytree(installed(package, env, CACHE), destination / "node_modules", symlinks=True)
    built = run("node node_modules/next/dist/bin/next build", destination, baseline_env(env, 0), timeout=1200)
    if built.returncode != 0:
        raise RuntimeError(f"next build of the Next.js baseline failed: {(built.stdout + built.stderr)[-2000:]}")


def baseline_env(env: dict[str, str], port: int) -> dict[str, str]:
    """Only what the process needs; NODE_ENV=production as `next start` sets it."""
    return {
        "PATH": env["PATH"],
        "HOME": env["HOME"],
        "NODE_ENV": "production",
        "NEXT_TELEMETRY_DISABLED": "1",
        "DATABASE_URL": env["DATABASE_URL"],
        "PORT": str(port),
    }

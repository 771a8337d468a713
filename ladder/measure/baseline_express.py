"""The bench's baseline for JavaScript rungs: the same pages in a plain Express app, as the Express docs write one.

It is generated at bench time into the bench's scratch directory, beside the reference app it is compared
with: one `server.js` (express, a view engine, the database driver the reference app uses, and nothing
else), one EJS template for the list page. It reads the very rows the reference app serves: same database,
same table, same order (the entity from the project's model, ladder/build/spec.py; its table and columns as
the migrated database names them, ladder/measure/seed.py), so both answer the same query over the same data.
A `?q=` search is a LIKE on the first searched field: on PostgreSQL `lower(field) LIKE lower(...)`, which the
reference app's trigram index answers (an ILIKE would read every row, and at a million rows its queries, still
running after wrk stops, would slow the figures measured after them); a create takes a JSON body with a
token of the app's own token table (`auth_token`, as both tracks name it) and stores the fields it names.
The installed node_modules are cached outside the repository (~/.cache/stack-ladder/baseline-express/<hash of
package.json>): better-sqlite3 compiles from source here, which takes minutes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from ladder.build.pyproject_env import CACHE as LADDER_CACHE
from ladder.measure.seed import Table, measured_entity, ordering_of
from ladder.verify.processes import run

EXPRESS = "5.3.0"
EJS = "7.0.2"
# The database drivers, at the reference app's own pins where it has them (else these).
DRIVERS = {"postgresql": ("pg", "8.23.1"), "sqlite": ("better-sqlite3", "12.6.2")}
CACHE = LADDER_CACHE / "baseline-express"
WEB = "node server.js"
# As many processes as the compared app runs (its cluster): Node's own cluster module, as its docs show it.
CLUSTER_WEB = "node cluster.js {workers}"
CLUSTER = """// The primary forks the workers, which share the port; a worker that dies is replaced.
import cluster from "node:cluster";

if (cluster.isPrimary) {
  for (let i = 0; i < Number(process.argv[2]); i += 1) cluster.fork();
  cluster.on("exit", () => cluster.fork());
} else {
  await import("./server.js");
}
"""


def web(workers: int) -> str:
    """The baseline's command: one process, or a cluster of `workers`."""
    return WEB if workers <= 1 else CLUSTER_WEB.format(workers=workers)


# The driver's part of server.js: a `query(sql, params)` returning rows, and the SQL placeholders it takes.
POSTGRES = """import os from "node:os";
import pg from "pg";

// node-postgres takes $USER for a URL without a user name; libpq (and the reference app) take the OS user.
const url = new URL(process.env.DATABASE_URL);
if (!url.username) url.username = os.userInfo().username;
const pool = new pg.Pool({ connectionString: url.href });
const query = async (text, params) => (await pool.query(text, params)).rows;
const placeholder = (n) => `$${n}`;
// The lowercased field contains the lowercased text: the form the reference app's pg_trgm index serves.
const contains = (column, mark) => `lower(${column}) LIKE lower(${mark})`;
const value = (given) => given;
"""

SQLITE = """import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_URL.replace(/^sqlite:\\/\\/\\//, ""));
const query = async (text, params) => db.prepare(text).all(...params);
const placeholder = () => "?";
// SQLite's LIKE ignores the case of ASCII letters.
const contains = (column, mark) => `${column} LIKE ${mark}`;
// SQLite stores a boolean as 0 or 1.
const value = (given) => (typeof given === "boolean" ? Number(given) : given);
"""

SERVER = """// A plain Express app serving one table: a list page, the API list, detail and create, and /health/live/.
import {{ randomUUID }} from "node:crypto";
import express from "express";
{driver}
const TABLE = {table};
const PK = {pk};
const PK_IS_UUID = {pk_is_uuid};
const COLUMNS = {columns};
const EDITABLE = {editable};
const ADDED_AT = {added_at};
const ORDER_BY = {order_by};
const SEARCH = {search};
const PLURAL = {plural};
const PAGE_SIZE = 20;

const app = express();
app.set("view engine", "ejs");
app.set("views", "./views");

async function page(req) {{
  const number = Math.max(1, Number.parseInt(req.query.page, 10) || 1);
  const q = typeof req.query.q === "string" && req.query.q && SEARCH ? req.query.q : null;
  const where = q ? `WHERE ${{contains(SEARCH, placeholder(1))}}` : "";
  const params = q ? [`%${{q}}%`] : [];
  const [{{ count }}] = await query(`SELECT count(*) AS count FROM ${{TABLE}} ${{where}}`, params);
  const n = params.length;
  const limit = `LIMIT ${{placeholder(n + 1)}} OFFSET ${{placeholder(n + 2)}}`;
  const rows = await query(
    `SELECT * FROM ${{TABLE}} ${{where}} ORDER BY ${{ORDER_BY}} ${{limit}}`,
    [...params, PAGE_SIZE, (number - 1) * PAGE_SIZE],
  );
  return {{ number, count: Number(count), pages: Math.max(1, Math.ceil(Number(count) / PAGE_SIZE)), rows }};
}}

app.get("/health/live/", (req, res) => {{
  res.json({{ status: "ok" }});
}});

app.get(`/${{PLURAL}}/`, async (req, res) => {{
  const {{ number, pages, rows }} = await page(req);
  res.render("list", {{ title: PLURAL, columns: COLUMNS, pk: PK, plural: PLURAL, rows, page: number, pages }});
}});

app.get(`/api/${{PLURAL}}/`, async (req, res) => {{
  const {{ number, count, pages, rows }} = await page(req);
  res.json({{
    count,
    next: number < pages ? `?page=${{number + 1}}` : null,
    previous: number > 1 ? `?page=${{number - 1}}` : null,
    results: rows,
  }});
}});

app.get(`/api/${{PLURAL}}/:pk/`, async (req, res) => {{
  const [row] = await query(`SELECT * FROM ${{TABLE}} WHERE ${{PK}} = ${{placeholder(1)}}`, [req.params.pk]);
  if (!row) return res.status(404).json({{ detail: "Not found." }});
  return res.json(row);
}});

app.post(`/api/${{PLURAL}}/`, express.json(), async (req, res) => {{
  const [, key] = /^Token (\\S+)$/.exec(req.get("authorization") ?? "") ?? [];
  const [user] = key ? await query(`SELECT user_id FROM auth_token WHERE key = ${{placeholder(1)}}`, [key]) : [];
  if (!user) return res.status(401).json({{ detail: "Authentication credentials were not provided." }});
  const values = {{}};
  for (const [field, column] of Object.entries(EDITABLE)) {{
    if (req.body?.[field] !== undefined) values[column] = value(req.body[field]);
  }}
  if (PK_IS_UUID) values[PK] = randomUUID();
  for (const column of ADDED_AT) values[column] = new Date().toISOString();
  const columns = Object.keys(values);
  const marks = columns.map((_, i) => placeholder(i + 1)).join(", ");
  const [row] = await query(
    `INSERT INTO ${{TABLE}} (${{columns.join(", ")}}) VALUES (${{marks}}) RETURNING *`,
    columns.map((column) => values[column]),
  );
  return res.status(201).json(row);
}});

app.listen(Number(process.env.PORT), "127.0.0.1");
"""

TEMPLATE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title><%= title %></title></head>
<body>
<h1><%= title %></h1>
<table>
<tr><% for (const name of columns) { %><th><%= name %></th><% } %></tr>
<% for (const row of rows) { %>
<tr><% columns.forEach((name, i) => { %><td><% if (i === 0) { %><a href="/<%= plural %>/<%= row[pk] %>/">\
<%= row[name] %></a><% } else { %><%= row[name] %><% } %></td><% }) %></tr>
<% } %>
</table>
<p>Page <%= page %> of <%= pages %>
<% if (page < pages) { %><a href="?page=<%= page + 1 %>">next</a><% } %></p>
</body>
</html>
"""


def order_by(ordering: list[str], table: Table) -> str:
    """SQL ORDER BY of an ordering ("-added_at" is descending), in the table's column names."""
    terms = [f"{table.column_of(t[1:])} DESC" if t.startswith("-") else f"{table.column_of(t)} ASC" for t in ordering]
    return ", ".join(terms)


def package_json(reference: Path, dialect: str) -> str:
    """The baseline's package.json: express, ejs and the reference app's database driver at its pin."""
    driver, default = DRIVERS[dialect]
    pinned = json.loads((reference / "package.json").read_text(encoding="utf-8")).get("dependencies", {})
    dependencies = {"ejs": EJS, "express": EXPRESS, driver: pinned.get(driver, default)}
    package = {
        "name": "baseline",
        "private": True,
        "type": "module",
        "dependencies": dict(sorted(dependencies.items())),
    }
    return json.dumps(package, indent=2) + "\n"


def server_js(entity: dict[str, Any], table: Table, dialect: str) -> str:
    pk = table.column_of(entity["pk"]["name"])
    fields = entity["fields"]
    editable = {f["name"]: table.column_of(f["name"]) for f in fields if f["editable"] and not f["auto_add"]}
    added_at = [table.column_of(f["name"]) for f in fields if f["auto_add"] or f["auto_now"]]
    return SERVER.format(
        driver=POSTGRES if dialect == "postgresql" else SQLITE,
        table=json.dumps(table.name),
        pk=json.dumps(pk),
        pk_is_uuid=json.dumps(entity["pk"]["kind"] == "uuid"),
        columns=json.dumps([pk, *(table.column_of(f["name"]) for f in fields)]),
        editable=json.dumps(editable),
        added_at=json.dumps(added_at),
        order_by=json.dumps(order_by(ordering_of(entity), table)),
        search=json.dumps(table.column_of(entity["search"][0]) if entity["search"] else ""),
        plural=json.dumps(entity["plural"]),
    )


def installed(package: str, env: dict[str, str], cache: Path = CACHE) -> Path:
    """node_modules for this package.json, installed once into the cache and reused by later runs."""
    key = hashlib.sha256(package.encode()).hexdigest()[:16]
    folder = cache / key
    if (folder / "node_modules" / ".complete").exists():
        return folder / "node_modules"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(package, encoding="utf-8")
    result = run("npm install --no-audit --omit=dev", folder, {**env, "NODE_ENV": "production"}, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"npm install of the baseline failed: {(result.stdout + result.stderr)[-2000:]}")
    (folder / "node_modules" / ".complete").touch()
    return folder / "node_modules"


def dialect_of(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite:") else "postgresql"


def generate(
    destination: Path, reference: Path, model: dict[str, Any], tables: dict[str, Table], env: dict[str, str]
) -> None:
    """Write the baseline app into `destination`, its node_modules linked from the cache."""
    dialect = dialect_of(env["DATABASE_URL"])
    entity = measured_entity(model)
    destination.mkdir(parents=True)
    package = package_json(reference, dialect)
    (destination / "package.json").write_text(package, encoding="utf-8")
    (destination / "server.js").write_text(server_js(entity, tables[entity["name"]], dialect), encoding="utf-8")
    (destination / "cluster.js").write_text(CLUSTER, encoding="utf-8")
    (destination / "views").mkdir()
    (destination / "views" / "list.ejs").write_text(TEMPLATE, encoding="utf-8")
    (destination / "node_modules").symlink_to(installed(package, env))


def baseline_env(env: dict[str, str], port: int) -> dict[str, str]:
    """Only what the process needs (NODE_ENV=production, as Express's docs advise, caches the compiled view)."""
    return {
        "PATH": env["PATH"],
        "HOME": env["HOME"],
        "NODE_ENV": "production",
        "DATABASE_URL": env["DATABASE_URL"],
        "PORT": str(port),
    }

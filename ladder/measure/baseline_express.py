"""The bench's baseline for JavaScript rungs: the same pages in a plain Express app, as the Express docs write one.

It is generated at bench time into the bench's scratch directory, beside the reference app it is compared
with: one `server.js` (express, a view engine, the database driver the reference app uses, and nothing
else), one EJS template for the list page. It reads the very rows the reference app serves: same database,
same table, same order (the table, columns and ordering come from the reference app's own src/entities.ts),
so both answer the same query over the same data. The installed node_modules are cached outside the
repository (~/.cache/stack-ladder/baseline-express/<hash of package.json>): better-sqlite3 compiles from
source here, which takes minutes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from ladder.build.pyproject_env import CACHE as LADDER_CACHE
from ladder.verify.processes import run

EXPRESS = "5.3.0"
EJS = "7.0.2"
# The database drivers, at the reference app's own pins where it has them (else these).
DRIVERS = {"postgresql": ("pg", "8.23.1"), "sqlite": ("better-sqlite3", "12.6.2")}
CACHE = LADDER_CACHE / "baseline-express"
WEB = "node server.js"

# The driver's part of server.js: a `query(sql, params)` returning rows, and the SQL placeholders it takes.
POSTGRES = """import os from "node:os";
import pg from "pg";

// node-postgres takes $USER for a URL without a user name; libpq (and the reference app) take the OS user.
const url = new URL(process.env.DATABASE_URL);
if (!url.username) url.username = os.userInfo().username;
const pool = new pg.Pool({ connectionString: url.href });
const query = async (text, params) => (await pool.query(text, params)).rows;
const placeholder = (n) => `$${n}`;
"""

SQLITE = """import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_URL.replace(/^sqlite:\\/\\/\\//, ""));
const query = async (text, params) => db.prepare(text).all(...params);
const placeholder = () => "?";
"""

SERVER = """// A plain Express app serving one table: a list page, the API list and the API detail, and /health/live/.
import express from "express";
{driver}
const TABLE = {table};
const PK = {pk};
const COLUMNS = {columns};
const ORDER_BY = {order_by};
const PLURAL = {plural};
const PAGE_SIZE = 20;

const app = express();
app.set("view engine", "ejs");
app.set("views", "./views");

async function page(req) {{
  const number = Math.max(1, Number.parseInt(req.query.page, 10) || 1);
  const [{{ count }}] = await query(`SELECT count(*) AS count FROM ${{TABLE}}`, []);
  const rows = await query(
    `SELECT * FROM ${{TABLE}} ORDER BY ${{ORDER_BY}} LIMIT ${{placeholder(1)}} OFFSET ${{placeholder(2)}}`,
    [PAGE_SIZE, (number - 1) * PAGE_SIZE],
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


def order_by(ordering: list[str], pk: str) -> str:
    """SQL ORDER BY of src/entities.ts' `ordering` ("-created_at" is descending), the pk when it has none."""
    terms = [f"{term[1:]} DESC" if term.startswith("-") else f"{term} ASC" for term in ordering]
    return ", ".join(terms) or f"{pk} ASC"


def js_entity(project: Path, env: dict[str, str]) -> dict[str, Any]:
    """The first entity of the project's src/entities.ts (table, plural, pk, fields, ordering), read by node
    through the project's own tsx."""
    script = 'const { entities } = await import("./src/entities.ts"); console.log(JSON.stringify(entities[0]));'
    result = run(f"node --import tsx --input-type=module -e '{script}'", project, env)
    if result.returncode != 0:
        raise RuntimeError(f"reading src/entities.ts failed: {result.stderr[-1000:]}")
    entity: dict[str, Any] = json.loads(result.stdout)
    return entity


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


def server_js(entity: dict[str, Any], dialect: str) -> str:
    pk = entity["pk"]["name"]
    columns = [pk, *(field["name"] for field in entity["fields"])]
    return SERVER.format(
        driver=POSTGRES if dialect == "postgresql" else SQLITE,
        table=json.dumps(entity["table"]),
        pk=json.dumps(pk),
        columns=json.dumps(columns),
        order_by=json.dumps(order_by(entity.get("ordering", []), pk)),
        plural=json.dumps(entity["plural"]),
    )


def installed(package: str, env: dict[str, str]) -> Path:
    """node_modules for this package.json, installed once into the cache and reused by later runs."""
    key = hashlib.sha256(package.encode()).hexdigest()[:16]
    folder = CACHE / key
    if (folder / "node_modules" / ".complete").exists():
        return folder / "node_modules"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(package, encoding="utf-8")
    result = run("npm install --no-audit --omit=dev", folder, {**env, "NODE_ENV": "production"}, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"npm install of the Express baseline failed: {(result.stdout + result.stderr)[-2000:]}")
    (folder / "node_modules" / ".complete").touch()
    return folder / "node_modules"


def generate(destination: Path, reference: Path, dialect: str, env: dict[str, str]) -> None:
    """Write the baseline app into `destination`, its node_modules linked from the cache."""
    destination.mkdir(parents=True)
    package = package_json(reference, dialect)
    (destination / "package.json").write_text(package, encoding="utf-8")
    (destination / "server.js").write_text(server_js(js_entity(reference, env), dialect), encoding="utf-8")
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

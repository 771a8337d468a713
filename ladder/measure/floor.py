"""The floor of a JavaScript rung's list page: its web command sending a constant page, doing no other work.

No template can make a list page cheaper than its server answering a page that does nothing, so the bench
measures that floor in the same run as the rung and its baseline: it says how far tuning the template could
take the page, and whether a target relative to the baseline is within reach of any template at all. The
floor is Node's http server sending a constant copy of the rung's own list page (the same bytes, so the same
send cost), started by the rung's own web command with `floor/server.js` in place of the rung's server.
"""

from __future__ import annotations

import json
from pathlib import Path

from ladder.verify.processes import read_procfile

# Each web's server entry in the Procfile's web command.
ENTRIES = {"express": "dist/src/server.js", "nextjs": ".next/standalone/server.js"}

SERVER = """// The floor: Node's http server sending a constant copy of the rung's list page, nothing else.
import fs from "node:fs";
import http from "node:http";

const page = fs.readFileSync(new URL("./page.html", import.meta.url));
const health = JSON.stringify({{ status: "ok" }});
http
  .createServer((req, res) => {{
    const [body, type] = req.url === {path} ? [page, "text/html; charset=utf-8"] : [health, "application/json"];
    res.writeHead(200, {{ "content-type": type, "content-length": Buffer.byteLength(body) }});
    res.end(body);
  }})
  .listen(Number(process.env.PORT), process.env.HOST || "127.0.0.1");
"""

# What the floor serves, for the table.
DESCRIPTION = "Node's http server sending a constant copy of this page"


def web_of(project: Path) -> str:
    """ "nextjs" where the project depends on Next.js (whatever its config file is named), else "express"."""
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    return "nextjs" if "next" in package.get("dependencies", {}) else "express"


def floor_command(web_command: str, web: str) -> str:
    """The rung's web command running the floor in place of the rung's server."""
    entry = ENTRIES[web]
    if entry not in web_command:
        raise ValueError(f"the web command {web_command!r} does not run {entry}")
    return web_command.replace(entry, "floor/server.js")


def constant_floor(project: Path, web: str, path: str, page: bytes) -> tuple[Path, str]:
    """floor/ inside the project (so its modules resolve from the project's node_modules); (cwd, command)."""
    folder = project / "floor"
    folder.mkdir()
    (folder / "server.js").write_text(SERVER.format(path=json.dumps(path)), encoding="utf-8")
    (folder / "page.html").write_bytes(page)
    return project, floor_command(read_procfile(project)["web"], web)

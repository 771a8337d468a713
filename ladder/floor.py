"""The framework's floor for a JavaScript rung's list page: its framework and process model doing no work.

No template can make a list page cheaper than its framework answering a page that does nothing, so the bench
measures that floor in the same run as the rung and its baseline: it says how far tuning the template could
take the page, and whether a target relative to the baseline is within reach of any template at all.

- Express (`web: express`): a plain Express app sending a constant copy of the rung's own list page (the same
  bytes, so the same send cost), started by the rung's own web command with `floor/server.js` in place of
  `src/server.js`: one process on level 0, the rung's node:cluster primary from level 1.
- Next.js: the rung's project with its app/ replaced by one dynamic page rendering a heading (no proxy.js, no
  instrumentation.js), built as the rung builds (`npm run build`: the standalone server) and started by the
  rung's own web command, so with the same cluster of workers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .processes import read_procfile, run

EXPRESS_ENTRY = "src/server.js"

EXPRESS_SERVER = """// The floor: Express sending a constant copy of the rung's list page, nothing else.
import fs from "node:fs";
import express from "express";

const page = fs.readFileSync(new URL("./page.html", import.meta.url));
const app = express();
app.get("/health/live/", (req, res) => res.json({{ status: "ok" }}));
app.get({path}, (req, res) => res.type("html").send(page));
app.listen(Number(process.env.PORT), process.env.HOST || "127.0.0.1");
"""

NEXT_LAYOUT = """// The floor: the least a Next.js root layout can be.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
"""

NEXT_PAGE = """// The floor: a dynamic page (rendered for every request, as the rung's list page is) that does nothing.
export const dynamic = "force-dynamic";

export default function Page() {
  return <h1>floor</h1>;
}
"""

NEXT_HEALTH = """export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
"""

# What the Next.js floor leaves out of the rung's project: its pages and everything that runs per request.
NEXT_REMOVED = ("app", "proxy.js", "instrumentation.js", ".next")


def describe(web: str) -> str:
    """What the floor of this web serves, for the table."""
    if web == "express":
        return "Express sending a constant copy of this page"
    return "a bare dynamic Next.js page"


def web_of(project: Path) -> str:
    return "nextjs" if (project / "next.config.mjs").exists() else "express"


def express_command(web_command: str) -> str:
    """The rung's web command running the floor in place of the rung's server."""
    if EXPRESS_ENTRY not in web_command:
        raise ValueError(f"the web command {web_command!r} does not run {EXPRESS_ENTRY}")
    return web_command.replace(EXPRESS_ENTRY, "floor/server.js")


def express_floor(project: Path, path: str, page: bytes) -> tuple[Path, str]:
    """floor/ inside the project (so `express` resolves from its node_modules); (cwd, command)."""
    folder = project / "floor"
    folder.mkdir()
    (folder / "server.js").write_text(EXPRESS_SERVER.format(path=json.dumps(path)), encoding="utf-8")
    (folder / "page.html").write_bytes(page)
    return project, express_command(read_procfile(project)["web"])


def next_floor(project: Path, destination: Path, plural: str, env: dict[str, str]) -> tuple[Path, str]:
    """A hard-linked copy of the built project with a bare app/, built again; (cwd, command)."""
    subprocess.run(["cp", "-al", str(project), str(destination)], check=True)
    for name in NEXT_REMOVED:
        target = destination / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    files = {
        "app/layout.js": NEXT_LAYOUT,
        f"app/{plural}/page.js": NEXT_PAGE,
        "app/health/live/route.js": NEXT_HEALTH,
    }
    for name, text in files.items():
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        (destination / name).write_text(text, encoding="utf-8")
    built = run("npm run build", destination, env, timeout=900)
    if built.returncode != 0:
        raise RuntimeError(f"building the Next.js floor failed:\n{(built.stdout + built.stderr)[-2000:]}")
    return destination, read_procfile(destination)["web"]

// The command-line scripts, run as `npm run ...` runs them: in a child process, configured by the environment.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { entities } from "../src/entities.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-scripts-"));
const env = { ...process.env, DEBUG: "true", DATABASE_URL: `sqlite:///${path.join(dir, "db.sqlite3")}` };
const node = (script, args = [], extra = {}) =>
  spawnSync(process.execPath, [path.join(root, "scripts", script), ...args], { env: { ...env, ...extra }, encoding: "utf8" });

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("migrate applies every migration once", () => {
  assert.match(node("migrate.js").stdout, /Applied 0000_auth\.sql, 0001_initial\.sql\./);
  assert.match(node("migrate.js").stdout, /No migrations to apply\./);
});

test("createadmin needs ADMIN_USERNAME and ADMIN_PASSWORD, and can be run again", () => {
  const missing = node("createadmin.js", [], { ADMIN_USERNAME: "", ADMIN_PASSWORD: "" });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /ADMIN_USERNAME and ADMIN_PASSWORD/);
  const admin = { ADMIN_USERNAME: "boss", ADMIN_PASSWORD: "a long password" };
  assert.match(node("createadmin.js", [], admin).stdout, /"boss" created/);
  assert.match(node("createadmin.js", [], admin).stdout, /password updated/);
});

test("seed adds sample objects of every entity, again and again", () => {
  for (let round = 0; round < 2; round += 1) {
    const result = node("seed.js", ["3"]);
    assert.equal(result.status, 0, result.stderr);
  }
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", `
    import { readConfig } from "./src/config.js";
    import { openDatabase } from "./src/db.js";
    const db = openDatabase(readConfig().databasePath);
    console.log(JSON.stringify(${JSON.stringify(entities.map((e) => e.table))}.map((t) => db.prepare(\`SELECT count(*) FROM "\${t}"\`).pluck().get())));
  `], { cwd: root, env, encoding: "utf8" });
  assert.deepEqual(JSON.parse(output), entities.map(() => 6));
});

test("a production start without SECRET_KEY is refused", () => {
  const result = spawnSync(process.execPath, [path.join(root, "src", "server.js")], {
    env: { ...env, DEBUG: "false", SECRET_KEY: "" },
    encoding: "utf8",
    timeout: 10000,
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /SECRET_KEY is missing/);
});

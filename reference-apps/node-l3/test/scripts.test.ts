// The command-line scripts, run as `npm run ...` runs them: in a child process, configured by the environment.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { count } from "drizzle-orm";
import { readConfig, type Environment } from "../src/config.ts";
import { closeDatabase, openDatabase } from "../src/db.ts";
import { entities } from "../src/entities.ts";
import { entityTables } from "../src/schema.ts";
import { present, scratchDatabase, type Scratch } from "./helpers.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let scratch: Scratch;
let env: NodeJS.ProcessEnv;
// A script as `npm run` runs it after `npm run build`; here through tsx, from its TypeScript source.
const node = (script: string, args: string[] = [], extra: Environment = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", script), ...args], {
    env: { ...env, ...extra },
    encoding: "utf8",
  });

before(async () => {
  scratch = await scratchDatabase();
  env = { ...process.env, DEBUG: "true", DATABASE_URL: scratch.url };
});
after(() => scratch.drop());

test("migrate applies every migration once", () => {
  const first = node("migrate.ts");
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /Applied 0000_initial, 0001_sessions, 0002_search_indexes, 0003_url_length, 0000_jobs\./);
  assert.match(node("migrate.ts").stdout, /No migrations to apply\./);
});

test("createadmin needs ADMIN_USERNAME and ADMIN_PASSWORD, and can be run again", () => {
  const missing = node("createadmin.ts", [], { ADMIN_USERNAME: "", ADMIN_PASSWORD: "" });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /ADMIN_USERNAME and ADMIN_PASSWORD/);
  const admin = { ADMIN_USERNAME: "boss", ADMIN_PASSWORD: "a long password" };
  assert.match(node("createadmin.ts", [], admin).stdout, /"boss" created/);
  assert.match(node("createadmin.ts", [], admin).stdout, /password updated/);
});

test("seed adds sample objects of every entity, again and again, and says how many rows it stored", async () => {
  for (let round = 0; round < 2; round += 1) {
    const result = node("seed.ts", ["3"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`Stored ${3 * entities.length} rows: `));
    for (const entity of entities) assert.ok(result.stdout.includes(`3 ${entity.name}`), result.stdout);
  }
  const db = openDatabase(readConfig(env).database);
  try {
    const counts: number[] = [];
    for (const entity of entities) {
      const [counted] = await db.select({ value: count() }).from(present(entityTables[entity.name]));
      counts.push(Number(counted?.value));
    }
    assert.deepEqual(counts, Array<number>(entities.length).fill(6));
  } finally {
    await closeDatabase(db);
  }
});

test("a bad DATABASE_URL is refused with one line naming it", () => {
  const result = node("migrate.ts", [], { DATABASE_URL: "mysql://localhost/app" });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /DATABASE_URL must be a/);
});

test("a DATABASE_URL without a user name connects as the operating-system user, as psql does", () => {
  const url = new URL(scratch.url);
  url.username = "";
  const result = node("migrate.ts", [], { DATABASE_URL: url.href, USER: "", PGUSER: "" });
  assert.equal(result.status, 0, result.stderr);
  const configured = new URL(readConfig({ DEBUG: "true", DATABASE_URL: url.href }).database);
  assert.equal(configured.username, os.userInfo().username);
});

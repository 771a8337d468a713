// What the tests share: an app on a scratch database of its own, an admin user, and valid sample values for
// every field.
import { spawn } from "node:child_process";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before } from "node:test";
import pg from "pg";
import { saveUser } from "../src/auth.js";
import { ROOT, readConfig } from "../src/config.js";
import { closeDatabase, migrateDatabase, openDatabase } from "../src/db.js";
import { entities, entityByName } from "../src/entities.js";
import { creationOrder, samplePayload, sampleValue } from "../src/samples.js";

export const ADMIN = { username: "test-admin", password: "test-password-123" };
// A key the production configuration accepts (32 characters or more).
export const TEST_SECRET_KEY = "test-secret-key-long-enough-for-production";

// A new PostgreSQL database on the server DATABASE_URL names (created from its `postgres` database, so the
// project's own database need not exist; the role needs CREATEDB, as Django's test runner does), dropped
// again by drop().
export async function scratchDatabase() {
  const base = new URL(readConfig({ DEBUG: "true", DATABASE_URL: process.env.DATABASE_URL }).database);
  const name = `${base.pathname.slice(1)}_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.replace(/[^a-z0-9_]/gi, "_");
  const server = new URL(base);
  server.pathname = "/postgres";
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: server.href });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

// A connection to the database at `url` (a scratch database's), read as the app reads DATABASE_URL.
export function openTestDatabase(url) {
  return openDatabase(readConfig({ DEBUG: "true", DATABASE_URL: url }).database);
}

// Migrates a scratch database and creates the admin user in it.
async function prepareDatabase(url) {
  const db = openTestDatabase(url);
  await migrateDatabase(db);
  await saveUser(db, ADMIN.username, ADMIN.password, { admin: true });
  return db;
}

// Starts the standalone server of the build (`npm run build` first) on a free loopback port with the given
// database, as the Procfile's web process does; `stop()` ends it.
export async function startBuiltServer(databaseUrl) {
  if (!fs.existsSync(path.join(ROOT, ".next", "standalone", "server.js"))) {
    throw new Error("The tests drive the built app: run `npm run build` first.");
  }
  const entry = path.join(ROOT, ".next", "standalone", "server.js");
  const port = await freePort();
  const env = { ...process.env, DEBUG: "false", SECRET_KEY: TEST_SECRET_KEY, DATABASE_URL: databaseUrl };
  const child = spawn(process.execPath, [entry], {
    env: { ...env, ALLOWED_HOSTS: "127.0.0.1", HOSTNAME: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    await exited;
  };
  try {
    await waitForHealth(`${url}/health/live/`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

// The built server on a scratch database of its own, before the file's tests, stopped after them.
export function useApp() {
  const server = { url: "", db: null, databaseUrl: "" };
  let scratch;
  let running;
  before(async () => {
    scratch = await scratchDatabase();
    server.databaseUrl = scratch.url;
    server.db = await prepareDatabase(scratch.url);
    running = await startBuiltServer(scratch.url);
    server.url = running.url;
  });
  after(async () => {
    await running?.stop();
    if (server.db) await closeDatabase(server.db);
    await scratch?.drop();
  });
  return server;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function waitForHealth(url, child) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with status ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 20 s`);
}

// A browser in miniature: keeps its cookies, never follows redirects, and posts a form as a browser does: the
// form of the last page it got that posts to `path`, its hidden inputs echoed back (Express's CSRF token, a
// Next.js Server Action's id), in its encoding, from the site's origin. post() sends form fields, or a FormData as a multipart upload.
export function browser(app) {
  const jar = new Map();
  const keep = (response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair.split("=");
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name.trim());
      else jar.set(name.trim(), value.join("="));
    }
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  let csrf = "";
  let forms = [];
  return {
    async get(path) {
      const response = await fetch(`${app.url}${path}`, { headers: { Cookie: cookieHeader() }, redirect: "manual" });
      keep(response);
      const text = await response.text();
      csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? csrf;
      forms = formsOf(text, path);
      return { status: response.status, text, location: response.headers.get("location") };
    },
    async post(path, fields, { withToken = true, headers = {} } = {}) {
      const form = forms.find((f) => f.target === path);
      const hidden = !withToken ? [] : form ? form.hidden : [["_csrf", csrf]];
      const given = fields instanceof FormData ? [...fields] : Object.entries(fields);
      let body;
      if (fields instanceof FormData || form?.multipart) {
        body = new FormData();
        for (const [name, value] of [...hidden, ...given]) body.append(name, value);
      } else {
        body = new URLSearchParams([...hidden, ...given]);
      }
      const response = await fetch(`${app.url}${path}`, {
        method: "POST",
        headers: { Cookie: cookieHeader(), Origin: app.url, ...headers },
        body,
        redirect: "manual",
      });
      keep(response);
      return { status: response.status, text: await response.text(), location: response.headers.get("location") };
    },
  };
}

const NAMED = { quot: '"', amp: "&", lt: "<", gt: ">" };
const unescapeHtml = (text) =>
  text.replace(/&(?:(quot|amp|lt|gt)|#(x[0-9a-f]+|[0-9]+));/gi, (_, name, code) =>
    name ? NAMED[name.toLowerCase()] : String.fromCodePoint(/^x/i.test(code) ? parseInt(code.slice(1), 16) : Number(code)));
const attribute = (tag, name) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return match ? unescapeHtml(match[1]) : null;
};

// The POST forms of a page at `path`: where each posts (no action, or an empty one, is the page itself),
// whether it is multipart, and its hidden inputs.
function formsOf(html, path) {
  return [...html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)]
    .filter(([, tag]) => /method="post"/i.test(tag))
    .map(([, tag, inner]) => ({
      target: attribute(tag, "action") || path,
      multipart: /enctype="multipart\/form-data"/i.test(tag),
      hidden: [...inner.matchAll(/<input\b[^>]*>/gi)]
        .map(([input]) => input)
        .filter((input) => /type="hidden"/i.test(input) && attribute(input, "name"))
        .map((input) => [attribute(input, "name"), attribute(input, "value") ?? ""]),
    }));
}

// A browser signed in as `username` (the admin by default).
export async function signedIn(app, { username, password } = ADMIN) {
  const user = browser(app);
  await user.get("/accounts/login/");
  const login = await user.post("/accounts/login/", { username, password, next: "/" });
  assert.equal(login.status, 303);
  return user;
}

export async function getToken(url) {
  const response = await fetch(`${url}/api/auth/token/`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  return (await response.json()).token;
}

export function api(url, token) {
  return async (method, route, body) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Token ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  };
}

// Creates one object of every entity through the API (refs pointing at the ones made before); name -> object.
export async function createOneOfEach(call) {
  const made = {};
  const refs = {};
  for (const entity of creationOrder()) {
    const { status, body } = await call("POST", `/api/${entity.plural}/`, samplePayload(entity, refs));
    if (status !== 201) throw new Error(`creating a ${entity.name}: ${status} ${JSON.stringify(body)}`);
    made[entity.name] = body;
    refs[entity.name] = body[entity.pk.name];
  }
  return made;
}
export { creationOrder, entities, entityByName, samplePayload, sampleValue };

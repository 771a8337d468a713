// What the tests share: an app on a scratch database of its own, an admin user, and valid sample values for
// every field.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { createApp } from "../src/app.js";
import { saveUser } from "../src/auth.js";
import { readConfig } from "../src/config.js";
import { closeDatabase, migrateDatabase, openDatabase } from "../src/db.js";
import { entities, entityByName } from "../src/entities.js";
import { creationOrder, samplePayload, sampleValue } from "../src/samples.js";

export const ADMIN = { username: "test-admin", password: "test-password-123" };
// A key the production configuration accepts (32 characters or more).
export const TEST_SECRET_KEY = "test-secret-key-long-enough-for-production";

// A SQLite file in a temporary directory of its own, removed again by drop().
export async function scratchDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-test-"));
  return { url: `sqlite:///${path.join(dir, "test.sqlite3")}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
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

// Starts the app on a free loopback port before the file's tests and stops it after them.
export function useApp() {
  const server = { url: "", db: null, databaseUrl: "" };
  let scratch;
  let listener;
  before(async () => {
    scratch = await scratchDatabase();
    server.databaseUrl = scratch.url;
    server.db = await prepareDatabase(scratch.url);
    const config = readConfig({ DEBUG: "false", SECRET_KEY: TEST_SECRET_KEY, DATABASE_URL: scratch.url });
    const app = createApp({ config: { ...config, allowedHosts: ["127.0.0.1"] }, db: server.db });
    await new Promise((resolve) => {
      listener = app.listen(0, "127.0.0.1", resolve);
    });
    server.url = `http://127.0.0.1:${listener.address().port}`;
  });
  after(async () => {
    await new Promise((resolve) => listener.close(resolve));
    await closeDatabase(server.db);
    await scratch.drop();
  });
  return server;
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

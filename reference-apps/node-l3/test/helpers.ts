// What the tests share: an app on a scratch database of its own, an admin user, and valid sample values for
// every field.
import { spawn, type ChildProcess } from "node:child_process";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before } from "node:test";
import pg from "pg";
import { stringify } from "csv-stringify/sync";
import { saveUser } from "../src/auth.ts";
import { closeCache } from "../src/cache.ts";
import { ROOT, readConfig } from "../src/config.ts";
import { closeDatabase, migrateDatabase, openDatabase, type Database } from "../src/db.ts";
import { editableFields, entities, entityByName, type ApiObject, type Entity, type Value } from "../src/entities.ts";
import { csvHeader } from "../src/presentation.ts";
import { creationOrder, samplePayload, sampleValue } from "../src/samples.ts";
import { forgetSignIns } from "../src/throttle.ts";

export const ADMIN = { username: "test-admin", password: "test-password-123" };
// A key the production configuration accepts (32 characters or more).
export const TEST_SECRET_KEY = "test-secret-key-long-enough-for-production";

// A database made for one test file: its DATABASE_URL, and drop() to remove it.
export interface Scratch {
  url: string;
  drop: () => Promise<void>;
}

// The app under test: its address, its database (opened by the test too), and the database's URL.
export interface TestApp {
  url: string;
  db: Database;
  databaseUrl: string;
}

// A new PostgreSQL database on the server DATABASE_URL names (created from its `postgres` database, so the
// project's own database need not exist; the role needs CREATEDB, as Django's test runner does), dropped
// again by drop().
export async function scratchDatabase(): Promise<Scratch> {
  const base = new URL(readConfig({ DEBUG: "true", DATABASE_URL: process.env.DATABASE_URL }).database);
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const name = `${base.pathname.slice(1)}_test_${suffix}`.replace(/[^a-z0-9_]/gi, "_");
  const server = new URL(base);
  server.pathname = "/postgres";
  const admin = async (statement: string) => {
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
export function openTestDatabase(url: string): Database {
  return openDatabase(readConfig({ DEBUG: "true", DATABASE_URL: url }).database);
}

// Migrates a scratch database and creates the admin user in it.
async function prepareDatabase(url: string): Promise<Database> {
  const db = openTestDatabase(url);
  await migrateDatabase(db);
  await saveUser(db, ADMIN.username, ADMIN.password, { admin: true });
  return db;
}

// Starts the standalone server of the build (`npm run build` first) on a free loopback port with the given
// database, as the Procfile's web process does; `stop()` ends it.
export async function startBuiltServer(databaseUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
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
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
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
export function useApp(): TestApp {
  // Filled in before the first test runs.
  const server = { url: "", db: undefined as unknown as Database, databaseUrl: "" };
  let scratch: Scratch | undefined;
  let running: { url: string; stop: () => Promise<void> } | undefined;
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
    // Redis keeps the sign-in limit's counts from one run to the next: this machine's failures go.
    await forgetSignIns();
    await closeCache();
  });
  return server;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
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

// `value`, asserted to be there: what a test looks up (an entity, a field, a header) must exist.
export function present<T>(value: T | null | undefined, what = "the value"): T {
  assert.ok(value !== null && value !== undefined, `${what} is missing`);
  return value;
}

// The pks of objects by entity name: what samplePayload() makes refs of.
export function pksOf(made: Record<string, ApiObject>): Record<string, Value> {
  return Object.fromEntries(
    Object.entries(made).map(([name, object]) => [name, object[present(entityByName.get(name)).pk.name] ?? null]),
  );
}

// What a page answered: its status, its text and where a redirect points.
export interface PageAnswer {
  status: number;
  text: string;
  location: string | null;
}

export interface Browser {
  // The Cookie header it sends: what a copy of its cookies would send.
  cookies(): string;
  get(path: string): Promise<PageAnswer>;
  post(
    path: string,
    fields: Record<string, string> | FormData,
    options?: { withToken?: boolean; headers?: Record<string, string> },
  ): Promise<PageAnswer>;
}

// A POST form of a page: where it posts, whether it is multipart, and its hidden inputs.
interface PageForm {
  target: string;
  multipart: boolean;
  hidden: [string, string][];
}

// A browser in miniature: keeps its cookies, never follows redirects, and posts a form as a browser does: the
// form of the last page it got that posts to `path`, its hidden inputs echoed back (Express's CSRF token, a
// Next.js Server Action's id), in its encoding, from the site's origin. post() sends form fields, or a
// FormData as a multipart upload.
export function browser(app: { url: string }): Browser {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name = "", ...value] = (pair ?? "").split("=");
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name.trim());
      else jar.set(name.trim(), value.join("="));
    }
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  let csrf = "";
  let forms: PageForm[] = [];
  return {
    cookies: cookieHeader,
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
      const hidden: [string, string][] = !withToken ? [] : form ? form.hidden : [["_csrf", csrf]];
      // A FormData's values are text or files (Blob); a plain object's are text.
      const given: [string, string | Blob][] =
        fields instanceof FormData ? [...fields.entries()] : Object.entries(fields);
      let body: FormData | URLSearchParams;
      if (fields instanceof FormData || form?.multipart) {
        const multipart = new FormData();
        for (const [name, value] of [...hidden, ...given]) multipart.append(name, value);
        body = multipart;
      } else {
        body = new URLSearchParams([
          ...hidden,
          ...given.map(([name, value]): [string, string] => [name, typeof value === "string" ? value : ""]),
        ]);
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

const NAMED: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">" };
const unescapeHtml = (text: string) =>
  text.replace(/&(?:(quot|amp|lt|gt)|#(x[0-9a-f]+|[0-9]+));/gi, (_, name: string | undefined, code: string) =>
    name
      ? (NAMED[name.toLowerCase()] ?? "")
      : String.fromCodePoint(/^x/i.test(code) ? parseInt(code.slice(1), 16) : Number(code)),
  );
const attribute = (tag: string, name: string): string | null => {
  const match = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return match?.[1] !== undefined ? unescapeHtml(match[1]) : null;
};

// The POST forms of a page at `path`: where each posts (no action, or an empty one, is the page itself),
// whether it is multipart, and its hidden inputs.
function formsOf(html: string, path: string): PageForm[] {
  return [...html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)]
    .filter(([, tag = ""]) => /method="post"/i.test(tag))
    .map(([, tag = "", inner = ""]) => ({
      target: attribute(tag, "action") || path,
      multipart: /enctype="multipart\/form-data"/i.test(tag),
      hidden: [...inner.matchAll(/<input\b[^>]*>/gi)]
        .map(([input]) => input)
        .filter((input) => /type="hidden"/i.test(input) && attribute(input, "name"))
        .map((input): [string, string] => [attribute(input, "name") ?? "", attribute(input, "value") ?? ""]),
    }));
}

// A browser signed in as `username` (the admin by default).
export async function signedIn(app: { url: string }, { username, password } = ADMIN): Promise<Browser> {
  const user = browser(app);
  await user.get("/accounts/login/");
  const login = await user.post("/accounts/login/", { username, password, next: "/" });
  assert.equal(login.status, 303);
  return user;
}

// Logs `user` out with the logout form: Next.js's logout page, or Express's navigation bar (on any page).
export async function logOut(user: Browser): Promise<void> {
  const page = await user.get("/accounts/logout/");
  if (page.status !== 200) await user.get("/");
  const out = await user.post("/accounts/logout/", {});
  assert.equal(out.status, 303);
}

export async function getToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/token/`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  return ((await response.json()) as { token: string }).token;
}

// What the API answered: the status, the JSON body (parsed; null when empty) and the headers.
export interface ApiAnswer {
  status: number;
  // The JSON the API answered: each test reads the shape it expects.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}
export type ApiCall = (method: string, route: string, body?: unknown) => Promise<ApiAnswer>;

export function api(url: string, token?: string): ApiCall {
  return async (method, route, body) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Token ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, headers: response.headers };
  };
}

// The form fields of a valid object: refs pointing at `made` (entity name -> { pk: value }), checkboxes ticked or left out.
export function formFor(entity: Entity, made: Record<string, ApiObject>, n: number): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of editableFields(entity)) {
    if (field.kind === "ref") {
      const target = made[field.target];
      fields[field.name] = target ? String(Object.values(target)[0]) : "";
    } else if (field.kind === "bool") {
      if (sampleValue(field, n)) fields[field.name] = "on";
    } else if (field.kind === "datetime") {
      fields[field.name] = String(sampleValue(field, n)).slice(0, 16);
    } else {
      fields[field.name] = String(sampleValue(field, n));
    }
  }
  return fields;
}

// Creates one object of every entity through the API (refs pointing at the ones made before); name -> object.
export async function createOneOfEach(call: ApiCall): Promise<Record<string, ApiObject>> {
  const made: Record<string, ApiObject> = {};
  const refs: Record<string, Value> = {};
  for (const entity of creationOrder()) {
    const { status, body } = await call("POST", `/api/${entity.plural}/`, samplePayload(entity, refs));
    if (status !== 201) throw new Error(`creating a ${entity.name}: ${status} ${JSON.stringify(body)}`);
    const object = body as ApiObject;
    made[entity.name] = object;
    refs[entity.name] = object[entity.pk.name] ?? null;
  }
  return made;
}
// A CSV in the export's format: the columns of the payloads' fields, one row per payload.
export function csvOf(entity: Entity, payloads: Record<string, unknown>[]): string {
  const names = csvHeader(entity).filter((name) => name !== entity.pk.name && name in (payloads[0] ?? {}));
  const rows = [names, ...payloads.map((payload) => names.map((name) => payload[name]))];
  return stringify(rows, { record_delimiter: "windows", cast: { boolean: String } });
}

export { creationOrder, entities, entityByName, samplePayload, sampleValue };

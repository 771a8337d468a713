// What the tests share: an app on a scratch SQLite file, an admin user, and valid sample values for every field.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { createApp } from "../src/app.js";
import { saveUser } from "../src/auth.js";
import { readConfig } from "../src/config.js";
import { migrate, openDatabase } from "../src/db.js";
import { editableFields, entities, entityByName } from "../src/entities.js";

export const ADMIN = { username: "test-admin", password: "test-password-123" };

// Starts the app on a free loopback port before the file's tests and stops it after them.
export function useApp() {
  const server = { url: "", db: null };
  let dir;
  let listener;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-test-"));
    const config = readConfig({ DEBUG: "false", SECRET_KEY: "test-secret-key", DATABASE_URL: `sqlite:///${path.join(dir, "test.sqlite3")}` });
    server.db = openDatabase(config.databasePath);
    migrate(server.db);
    await saveUser(server.db, ADMIN.username, ADMIN.password, { admin: true });
    const app = createApp({ config: { ...config, allowedHosts: ["127.0.0.1"] }, db: server.db });
    await new Promise((resolve) => {
      listener = app.listen(0, "127.0.0.1", resolve);
    });
    server.url = `http://127.0.0.1:${listener.address().port}`;
  });
  after(async () => {
    await new Promise((resolve) => listener.close(resolve));
    server.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return server;
}

// Entities in an order where every ref's target comes first (a cycle is broken where the ref is optional).
export function creationOrder() {
  const done = new Set();
  const ordered = [];
  while (ordered.length < entities.length) {
    const ready =
      entities.find(
        (e) =>
          !done.has(e.name) &&
          e.fields.every((f) => f.kind !== "ref" || f.target === e.name || done.has(f.target) || !f.required),
      ) || entities.find((e) => !done.has(e.name));
    done.add(ready.name);
    ordered.push(ready);
  }
  return ordered;
}

let sequence = 0;

// A valid value of every kind; `n` makes str, email, url and unique values differ between calls.
export function sampleValue(field, n) {
  switch (field.kind) {
    case "str":
      return `${field.name} ${n}`.slice(0, field.maxLength);
    case "text":
      return `Some ${field.name} text ${n}`;
    case "email":
      return `user${n}@example.com`;
    case "url":
      return `https://example.com/${field.name}/${n}`;
    case "int":
      return n;
    case "float":
      return n + 0.5;
    case "decimal":
      return ((n % 10 ** (field.maxDigits - field.decimalPlaces)) + 0.25).toFixed(field.decimalPlaces);
    case "bool":
      return n % 2 === 1;
    case "date":
      return new Date(Date.UTC(2026, 0, 1 + (n % 365))).toISOString().slice(0, 10);
    case "datetime":
      return new Date(Date.UTC(2026, 0, 1, 9, 30 + n)).toISOString();
    case "uuid":
      return crypto.randomUUID();
    case "enum":
      return field.choices[n % field.choices.length];
    default:
      return null;
  }
}

// A valid API body for `entity`; `refs` maps entity names to the pk of an existing object.
export function samplePayload(entity, refs = {}) {
  sequence += 1;
  const payload = {};
  for (const field of editableFields(entity)) {
    if (field.kind === "ref") {
      const pk = refs[field.target];
      if (pk !== undefined || field.required) payload[field.name] = pk ?? null;
    } else {
      payload[field.name] = sampleValue(field, sequence);
    }
  }
  return payload;
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

export { entities, entityByName };

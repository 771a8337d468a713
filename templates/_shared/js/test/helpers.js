// What the tests share: an app on a scratch SQLite file, an admin user, and valid sample values for every field.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { createApp } from "../src/app.js";
import { saveUser } from "../src/auth.js";
import { readConfig } from "../src/config.js";
import { migrate, openDatabase } from "../src/db.js";
import { entities, entityByName } from "../src/entities.js";
import { creationOrder, samplePayload, sampleValue } from "../src/samples.js";

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

// Inputs the fault tests' generated requests (schemathesis against /api/schema/) sent: each is refused with a
// 4xx and stores nothing, on SQLite and PostgreSQL alike (PostgreSQL refuses them with an error of its own).
import assert from "node:assert/strict";
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { DIALECT, ROOT, type Config } from "../src/config.ts";
import { isUnavailable, type Database } from "../src/db.ts";
import { editableFields } from "../src/entities.ts";
import { validate } from "../src/validation.ts";
import {
  TEST_SECRET_KEY,
  api,
  createOneOfEach,
  creationOrder,
  entities,
  getToken,
  present,
  samplePayload,
  useApp,
} from "./helpers.ts";

const app = useApp();

// Text PostgreSQL cannot store (NUL), and half a surrogate pair (no character at all): Django's answers.
const UNSTORABLE: [string, string, string][] = [
  ["a NUL character", "a\u0000b", "Null characters are not allowed."],
  ["a lone surrogate", "a\ud800b", "Surrogate characters are not allowed: U+D800."],
];
for (const [what, value, message] of UNSTORABLE) {
  test(`${what} in a text field is refused with 400 naming the field, and stores nothing`, async () => {
    for (const entity of creationOrder()) {
      const field = entity.fields.find((f) => ["str", "text"].includes(f.kind));
      if (!field) continue;
      const call = api(app.url, await getToken(app.url));
      const list = `/api/${entity.plural}/`;
      const before = (await call("GET", list)).body.count;
      const { status, body } = await call("POST", list, { ...samplePayload(entity), [field.name]: value });
      assert.equal(status, 400, JSON.stringify(body));
      assert.deepEqual(body[field.name], [message]);
      assert.equal((await call("GET", list)).body.count, before);
    }
  });
}

test("a NUL character in a user name or a list filter is no server error", async () => {
  const call = api(app.url);
  const token = await call("POST", "/api/auth/token/", { username: "test\u0000admin", password: "x" });
  assert.equal(token.status, 400);
  for (const entity of creationOrder()) {
    for (const name of entity.filters) {
      const { status } = await call("GET", `/api/${entity.plural}/?${name}=a%00b&q=%00`);
      assert.ok([200, 404].includes(status), `${entity.plural} ?${name}= answered ${status}`);
    }
  }
});

test("an int pk beyond PostgreSQL's integer is no object, not a server error", async () => {
  for (const entity of creationOrder()) {
    const { status } = await api(app.url)("GET", `/api/${entity.plural}/99999999999/`);
    assert.equal(status, 404);
  }
});

const withInt = entities.find((e) => editableFields(e).some((f) => f.kind === "int"));
test("integers beyond PostgreSQL's integer are refused", { skip: !withInt && "no entity has an int field" }, () => {
  const entity = present(withInt);
  const field = present(editableFields(entity).find((f) => f.kind === "int")).name;
  assert.deepEqual(validate(entity, { [field]: 2147483648 }, { partial: true }).errors?.[field], [
    "Ensure this value is less than or equal to 2147483647.",
  ]);
  assert.deepEqual(validate(entity, { [field]: -2147483649 }, { partial: true }).errors?.[field], [
    "Ensure this value is greater than or equal to -2147483648.",
  ]);
  assert.equal(validate(entity, { [field]: 2147483647 }, { partial: true }).errors, null);
});

const withDatetime = entities.find((e) => editableFields(e).some((f) => f.kind === "datetime"));
test("datetimes in year 0 are refused", { skip: !withDatetime && "no entity has an editable datetime" }, () => {
  const entity = present(withDatetime);
  const field = present(editableFields(entity).find((f) => f.kind === "datetime")).name;
  assert.ok(validate(entity, { [field]: "0000-01-01T00:00:00Z" }, { partial: true }).errors?.[field]);
  assert.equal(validate(entity, { [field]: "0001-01-01T00:00:00Z" }, { partial: true }).errors, null);
});

test("a bool sent as null or blank is refused (its column is NOT NULL) and stores nothing", async () => {
  const call = api(app.url, await getToken(app.url));
  for (const entity of creationOrder()) {
    const field = entity.fields.find((f) => f.kind === "bool");
    if (!field) continue;
    const list = `/api/${entity.plural}/`;
    const before = (await call("GET", list)).body.count;
    for (const [value, message] of [
      [null, "This field may not be null."],
      ["", "Must be a valid boolean."],
    ] as const) {
      const { status, body } = await call("POST", list, { ...samplePayload(entity), [field.name]: value });
      assert.equal(status, 400, JSON.stringify(body));
      assert.deepEqual(body[field.name], [message]);
    }
    assert.equal((await call("GET", list)).body.count, before);
  }
});

test("a token request whose body holds no credentials is a 400", async () => {
  for (const body of ["null", "[]", '"text"', "{not json"]) {
    const response = await fetch(`${app.url}/api/auth/token/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    assert.equal(response.status, 400, body);
  }
});

test("a database that does not answer is told apart from other errors", () => {
  const down = DIALECT === "postgresql" ? { code: "ECONNREFUSED" } : { code: "SQLITE_BUSY" };
  assert.equal(isUnavailable(down), true);
  assert.equal(isUnavailable(new Error("wrapped", { cause: down })), true);
  assert.equal(isUnavailable({ code: DIALECT === "postgresql" ? "23505" : "SQLITE_CONSTRAINT_UNIQUE" }), false);
  assert.equal(isUnavailable(new TypeError("a bug")), false);
});

// A module of the Next.js route handlers (app/_lib/), whichever of TypeScript or JavaScript it is written in.
const nextModule = (name: string): string =>
  [".ts", ".js"].map((extension) => `${ROOT}/app/_lib/${name}${extension}`).find((file) => fs.existsSync(file)) ?? "";
// A wrapper of route handlers: answers as the handler does, or 503 while the database does not answer.
type Handler = (request: Request, context: object) => Promise<Response>;
type Wrapper = (handler: Handler) => Handler;
const routeHelpers = nextModule("server");
const HANDLER_WRAPPERS = [
  { what: "the API answers", module: routeHelpers, wrapper: "answering", type: /application\/json/ },
  {
    what: "the pages' downloads answer",
    module: nextModule("outage"),
    wrapper: "answeringPage",
    type: /text\/html/,
  },
];
for (const { what, module, wrapper, type } of HANDLER_WRAPPERS) {
  test(
    `${what} 503, not 500, while the database does not answer`,
    { skip: !routeHelpers && "no route handlers (Express)" },
    async () => {
      const wrap = ((await import(module)) as Record<string, Wrapper>)[wrapper] as Wrapper;
      const down = DIALECT === "postgresql" ? { code: "ECONNREFUSED" } : { code: "SQLITE_BUSY" };
      const outage = wrap(async () => {
        throw new Error("connect failed", { cause: down });
      });
      const response = await outage(new Request("http://127.0.0.1/tasks/new/", { method: "POST" }), {});
      assert.equal(response.status, 503);
      assert.equal(response.headers.get("retry-after"), "5");
      assert.match(response.headers.get("content-type") ?? "", type);
      const bug = wrap(async () => {
        throw new TypeError("a bug");
      });
      await assert.rejects(bug(new Request("http://127.0.0.1/tasks/new/", { method: "POST" }), {}), TypeError);
    },
  );
}

const nextOnPostgres =
  (!routeHelpers && "no Next.js pages (Express)") || (DIALECT !== "postgresql" && "SQLite has no server to lose");
test("Next.js pages answer 503, not 500, while PostgreSQL does not answer", { skip: nextOnPostgres }, async () => {
  // Only a Next.js project's helpers start a built server.
  type BuiltServer = (databaseUrl: string) => Promise<{ url: string; stop: () => Promise<void> }>;
  const { startBuiltServer } = (await import("./helpers.ts")) as unknown as { startBuiltServer: BuiltServer };
  // Nothing listens on port 1: every query fails to connect, as during a restart.
  const server = await startBuiltServer("postgres://app@127.0.0.1:1/app");
  try {
    const path = `/${present(creationOrder()[0]).plural}/?q=x`;
    // The page finds the database gone and sends the browser back to the same URL (app/_lib/outage.ts) ...
    const first = await fetch(`${server.url}${path}`, { redirect: "manual" });
    assert.equal(first.status, 307);
    const location = new URL(first.headers.get("location") ?? "", server.url);
    assert.equal(location.pathname + location.search, path);
    // ... which proxy.ts now answers with 503 while the outage lasts, for every page.
    for (const again of [path, "/"]) {
      const response = await fetch(`${server.url}${again}`, { redirect: "manual" });
      assert.equal(response.status, 503, again);
      assert.equal(response.headers.get("retry-after"), "5", again);
      assert.match(await response.text(), /Temporarily unavailable/);
    }
  } finally {
    await server.stop();
  }
});

const expressApp = `${ROOT}/src/app.ts`;
const noExpressOnPostgres =
  (!fs.existsSync(expressApp) && "no Express app (Next.js)") ||
  (DIALECT !== "postgresql" && "SQLite has no server to lose");
test(
  "pages and the API answer 503, not 500, while PostgreSQL does not answer",
  { skip: noExpressOnPostgres },
  async () => {
    // Only an Express project has src/app.ts.
    type CreateApp = (options: { config: Config; db: Database }) => { listen: Server["listen"] };
    const [{ createApp }, { closeDatabase, openDatabase }, { readConfig }] = await Promise.all([
      import(expressApp) as Promise<{ createApp: CreateApp }>,
      import("../src/db.ts"),
      import("../src/config.ts"),
    ]);
    // Nothing listens on port 1: every query fails to connect, as during a restart.
    const config = readConfig({
      DEBUG: "false",
      SECRET_KEY: TEST_SECRET_KEY,
      DATABASE_URL: "postgres://app@127.0.0.1:1/app",
    });
    const db = openDatabase(config.database);
    const listener = await new Promise<Server>((resolve) => {
      const server: Server = createApp({ config: { ...config, allowedHosts: ["127.0.0.1"] }, db }).listen(
        0,
        "127.0.0.1",
        () => resolve(server),
      );
    });
    try {
      const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      const plural = present(creationOrder()[0]).plural;
      for (const path of [`/${plural}/`, `/api/${plural}/`]) {
        const response = await fetch(`${base}${path}`);
        assert.equal(response.status, 503, path);
        assert.equal(response.headers.get("retry-after"), "5", path);
      }
    } finally {
      await new Promise((resolve) => listener.close(resolve));
      await closeDatabase(db);
    }
  },
);

// An entity a required reference points at: deleting a row still referred to is refused, on both databases.
const referred = entities.flatMap((e) =>
  e.fields.filter((f) => f.kind === "ref" && f.required && f.target !== e.name).map((f) => ({ from: e, field: f })),
)[0];
test(
  "deleting an object another one still refers to is a 409",
  { skip: !referred && "no required reference" },
  async () => {
    const { from, field } = present(referred);
    const call = api(app.url, await getToken(app.url));
    const made = await createOneOfEach(call);
    const target = present(entities.find((e) => field.kind === "ref" && e.name === field.target));
    const pk = String(present(made[target.name])[target.pk.name]);
    const { status, body } = await call("DELETE", `/api/${target.plural}/${pk}/`);
    assert.equal(status, 409, `${from.name}.${field.name} refers to it: ${JSON.stringify(body)}`);
    assert.equal((await call("GET", `/api/${target.plural}/${pk}/`)).status, 200);
  },
);

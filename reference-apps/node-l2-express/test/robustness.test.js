// Inputs the fault tests' generated requests (schemathesis against /api/schema/) sent: each is refused with a
// 4xx and stores nothing, on SQLite and PostgreSQL alike (PostgreSQL refuses them with an error of its own).
import assert from "node:assert/strict";
import { test } from "node:test";
import { validate } from "../src/validation.js";
import { api, creationOrder, entityByName, getToken, samplePayload, useApp } from "./helpers.js";

const app = useApp();

test("a NUL character in a text field is refused and stores nothing", async () => {
  for (const entity of creationOrder()) {
    const field = entity.fields.find((f) => ["str", "text"].includes(f.kind));
    if (!field) continue;
    const call = api(app.url, await getToken(app.url));
    const list = `/api/${entity.plural}/`;
    const before = (await call("GET", list)).body.count;
    const { status, body } = await call("POST", list, { ...samplePayload(entity), [field.name]: "a\u0000b" });
    assert.equal(status, 400, JSON.stringify(body));
    assert.deepEqual(body[field.name], ["Null characters are not allowed."]);
    assert.equal((await call("GET", list)).body.count, before);
  }
});

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

test("integers beyond PostgreSQL's integer and datetimes in year 0 are refused", () => {
  const entity = {
    name: "Probe",
    fields: [
      { name: "n", kind: "int" },
      { name: "at", kind: "datetime" },
    ],
  };
  const targets = new Map([["Probe", entityByName.values().next().value]]);
  assert.deepEqual(validate(entity, targets, { n: 2147483648 }).errors.n, ["Ensure this value is less than or equal to 2147483647."]);
  assert.deepEqual(validate(entity, targets, { n: -2147483649 }).errors.n, ["Ensure this value is greater than or equal to -2147483648."]);
  assert.equal(validate(entity, targets, { n: 2147483647 }).errors, null);
  assert.ok(validate(entity, targets, { at: "0000-01-01T00:00:00Z" }).errors.at);
  assert.equal(validate(entity, targets, { at: "0001-01-01T00:00:00Z" }).errors, null);
});

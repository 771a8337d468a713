import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ApiObject } from "../src/entities.ts";
import {
  api,
  createOneOfEach,
  creationOrder,
  entities,
  getToken,
  pksOf,
  present,
  samplePayload,
  useApp,
} from "./helpers.ts";

const app = useApp();

test("a token needs the right password", async () => {
  const call = api(app.url);
  const wrong = await call("POST", "/api/auth/token/", { username: "test-admin", password: "wrong" });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.token, undefined);
  assert.match(await getToken(app.url), /^[0-9a-f]{40}$/);
});

test("the API root lists every endpoint", async () => {
  const { status, body } = await api(app.url)("GET", "/api/");
  assert.equal(status, 200);
  assert.deepEqual(
    Object.keys(body),
    entities.map((e) => e.plural),
  );
});

for (const entity of creationOrder()) {
  const list = `/api/${entity.plural}/`;
  const pk = entity.pk.name;

  describe(list, () => {
    test("anonymous writes are refused and store nothing", async () => {
      const anonymous = api(app.url);
      const before = (await anonymous("GET", list)).body.count;
      const { status } = await anonymous("POST", list, samplePayload(entity));
      assert.equal(status, 401);
      assert.equal((await anonymous("GET", list)).body.count, before);
    });

    test("create, read, update and delete", async () => {
      const call = api(app.url, await getToken(app.url));
      const made = await createOneOfEach(call);
      const object = present(made[entity.name]);
      assert.ok(object[pk], "the object carries its pk");
      for (const field of entity.fields) assert.ok(field.name in object, `${field.name} is in the object`);

      const detail = await call("GET", `${list}${String(object[pk])}/`);
      assert.equal(detail.status, 200);
      assert.deepEqual(detail.body, object);

      const editable = entity.fields.find((f) => ["str", "text", "int", "float", "email", "url"].includes(f.kind));
      if (editable) {
        const value = samplePayload(entity)[editable.name];
        const patched = await call("PATCH", `${list}${String(object[pk])}/`, { [editable.name]: value });
        assert.equal(patched.status, 200, JSON.stringify(patched.body));
        assert.equal(patched.body[editable.name], value);
      }

      const replaced = await call("PUT", `${list}${String(object[pk])}/`, samplePayload(entity, pksOf(made)));
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));

      // Delete what refers to this object first (newest first), then the object itself.
      for (const other of [...creationOrder()].reverse()) {
        const target = present(made[other.name]);
        const gone = await call("DELETE", `/api/${other.plural}/${String(target[other.pk.name])}/`);
        assert.equal(gone.status, 204);
      }
      assert.equal((await call("GET", `${list}${String(object[pk])}/`)).status, 404);
    });

    test("a list is paginated 20 a page", async () => {
      const call = api(app.url, await getToken(app.url));
      const made: Record<string, ApiObject>[] = [];
      for (let i = 0; i < 21; i += 1) made.push(await createOneOfEach(call));
      const first = await call("GET", list);
      assert.equal(first.status, 200);
      assert.ok(first.body.count >= 21);
      assert.equal(first.body.results.length, 20);
      assert.equal(first.body.previous, null);
      // Newest first: the last object made heads the list, the one before it comes next.
      const newest = made
        .slice(-2)
        .reverse()
        .map((objects) => present(objects[entity.name])[pk]);
      const results = first.body.results as ApiObject[];
      assert.deepEqual(
        results.slice(0, 2).map((row) => row[pk]),
        newest,
      );
      const second = await call("GET", new URL(first.body.next).pathname + new URL(first.body.next).search);
      assert.ok(second.body.results.length >= 1);
      assert.ok(second.body.previous);
      assert.equal(second.body.count, first.body.count);
      for (const wrong of ["999", "0", "-1", "abc", "2.5", "1e300", "9".repeat(30)]) {
        assert.equal((await call("GET", `${list}?page=${wrong}`)).status, 404, wrong);
      }
      if (entity.search.length) {
        const none = await call("GET", `${list}?q=${encodeURIComponent("matches nothing at all")}`);
        assert.deepEqual([none.status, none.body.count, none.body.results], [200, 0, []]);
        // LIKE's wildcard is searched for as itself: no value stored here holds a %, so nothing matches.
        const percent = await call("GET", `${list}?q=${encodeURIComponent("%")}`);
        assert.deepEqual([percent.status, percent.body.count], [200, 0]);
      }
      for (const objects of made.reverse()) {
        for (const other of [...creationOrder()].reverse()) {
          await call("DELETE", `/api/${other.plural}/${String(present(objects[other.name])[other.pk.name])}/`);
        }
      }
    });

    for (const name of entity.search) {
      test(`?q= finds ${name} case-insensitively`, async () => {
        const call = api(app.url, await getToken(app.url));
        const made = await createOneOfEach(call);
        const object = present(made[entity.name]);
        const needle = String(object[name]).slice(-8).toUpperCase();
        const found = await call("GET", `${list}?q=${encodeURIComponent(needle)}`);
        const results = found.body.results as ApiObject[];
        assert.ok(
          results.some((row) => row[pk] === object[pk]),
          JSON.stringify(found.body),
        );
      });
    }

    test("invalid input is a 400 naming the field, and stores nothing", async () => {
      const call = api(app.url, await getToken(app.url));
      const made = await createOneOfEach(call);
      const field = entity.fields.find(
        (f) => !f.autoAdd && !f.autoNow && f.kind !== "text" && f.kind !== "ref" && f.kind !== "str",
      );
      const long = entity.fields.find((f) => f.kind === "str");
      if (!field && !long) return;
      const before = (await call("GET", list)).body.count;
      const bad = field
        ? { [field.name]: "certainly not valid" }
        : long?.kind === "str"
          ? { [long.name]: "x".repeat(long.maxLength + 1) }
          : {};
      const response = await call("POST", list, { ...samplePayload(entity, pksOf(made)), ...bad });
      assert.equal(response.status, 400);
      const name = present(Object.keys(bad)[0]);
      assert.ok(Array.isArray(response.body[name]), JSON.stringify(response.body));
      assert.equal((await call("GET", list)).body.count, before);
    });
  });
}

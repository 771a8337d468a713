// Large tables: a reference into a table of more than SELECT_LIMIT objects is typed as its id on forms and list
// filters (src/presentation.ts); on PostgreSQL a list of many rows is counted by the planner's estimate, flagged
// as such, and a search reads its trigram index (src/records.ts, migrations/0002_search_indexes.sql).
import assert from "node:assert/strict";
import { test } from "node:test";
import { editableFields, type Entity, type Value } from "../src/entities.ts";
import { SELECT_LIMIT } from "../src/presentation.ts";
import { Records } from "../src/records.ts";
import {
  api,
  createOneOfEach,
  creationOrder,
  entityByName,
  formFor,
  getToken,
  present,
  samplePayload,
  signedIn,
  useApp,
} from "./helpers.ts";

const app = useApp();

const refFields = (entity: Entity) => editableFields(entity).filter((field) => field.kind === "ref");
// A pk no object has, of the kind of `entity`'s pks.
const missingPk = (entity: Entity): string =>
  entity.pk.kind === "int" ? "2147483000" : "00000000-0000-4000-8000-000000000000";

test("a reference into a table of more than SELECT_LIMIT objects is typed as its id", async () => {
  const user = await signedIn(app);
  const made = await createOneOfEach(api(app.url, await getToken(app.url)));
  const refs: Record<string, Value> = {};
  for (const entity of creationOrder()) refs[entity.name] = present(made[entity.name])[entity.pk.name] ?? null;
  // Every entity a reference points at gets more objects than a select lists.
  const targets = new Set(creationOrder().flatMap((entity) => refFields(entity).map((field) => field.target)));
  for (const entity of creationOrder().filter((e) => targets.has(e.name))) {
    const records = new Records(app.db, entity);
    for (let i = 0; i < SELECT_LIMIT; i += 1) await records.create(samplePayload(entity, refs));
  }

  for (const entity of creationOrder().filter((e) => refFields(e).length)) {
    const base = `/${entity.plural}/`;
    const form = await user.get(`${base}new/`);
    for (const field of refFields(entity)) {
      assert.match(form.text, new RegExp(`<input[^>]*type="text"[^>]*name="${field.name}"`), field.name);
      assert.doesNotMatch(form.text, new RegExp(`<select[^>]*name="${field.name}"`), field.name);
    }
    // The pk of an object that does not exist is refused as the API refuses it; an existing one is saved.
    const byPk = Object.fromEntries(
      refFields(entity).map((field) => {
        const target = present(entityByName.get(field.target));
        return [field.target, { [target.pk.name]: missingPk(target) }];
      }),
    );
    let refused = await user.post(`${base}new/`, formFor(entity, byPk, 7));
    if (refused.status === 303) refused = await user.get(present(refused.location));
    assert.match(refused.text, /object does not exist/);
    const saved = await user.post(
      `${base}new/`,
      formFor(entity, Object.fromEntries(Object.entries(refs).map(([name, pk]) => [name, { pk }])), 8),
    );
    assert.equal(saved.status, 303, saved.text.slice(0, 2000));

    const list = await user.get(base);
    for (const name of entity.filters.filter((n) => refFields(entity).some((field) => field.name === n))) {
      assert.match(list.text, new RegExp(`<input[^>]*type="text"[^>]*name="${name}"`), name);
      assert.doesNotMatch(list.text, new RegExp(`<select[^>]*name="${name}"`), name);
    }
  }
});

test("counts are estimated and searches indexed on PostgreSQL only", { skip: "this project runs on SQLite" }, () => {});

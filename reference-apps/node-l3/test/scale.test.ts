// Large tables: a reference into a table of more than SELECT_LIMIT objects is typed as its id on forms and list
// filters (src/presentation.ts); on PostgreSQL a list of many rows is counted by the planner's estimate, flagged
// as such, and a search reads its trigram index (src/records.ts, migrations/0002_search_indexes.sql).
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { editableFields, type Entity, type Value } from "../src/entities.ts";
import { SELECT_LIMIT } from "../src/presentation.ts";
import { ESTIMATE_ABOVE, countEach, Records } from "../src/records.ts";
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

// An entity whose rows can be copied many times over (no unique field), or undefined.
const copyable = creationOrder().find((entity) => !entity.fields.some((field) => field.unique));

// Adds `times` copies of a row of `entity`'s table (with new pks), and refreshes its statistics as autovacuum
// would: INSERT ... SELECT in the database, far faster than one insert after another.
async function copyRows(entity: Entity, times: number): Promise<void> {
  const names = entity.fields.map((field) => sql.identifier(field.name));
  const columns = sql.join(names, sql`, `);
  const table = sql.identifier(entity.table);
  const pk = sql.identifier(entity.pk.name);
  const one = sql`(SELECT * FROM ${table} LIMIT 1) AS one, generate_series(1, ${times})`;
  await app.db.execute(
    entity.pk.kind === "uuid"
      ? sql`INSERT INTO ${table} (${pk}, ${columns}) SELECT gen_random_uuid(), ${columns} FROM ${one}`
      : sql`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${one}`,
  );
  await app.db.execute(sql`ANALYZE ${table}`);
  assert.ok((await new Records(app.db, entity).count()) > times);
}

test("a small table is counted exactly", async () => {
  const entity = present(creationOrder()[0]);
  await app.db.execute(sql`ANALYZE ${sql.identifier(entity.table)}`);
  const { body } = await api(app.url)("GET", `/api/${entity.plural}/`);
  assert.equal(body.count, await new Records(app.db, entity).count());
  assert.equal(body.count_is_estimate, undefined);
});

test("a list of more than ESTIMATE_ABOVE rows is counted by PostgreSQL's estimate, and says so", async (t) => {
  if (!copyable) return t.skip("every entity has a unique field: no rows to copy");
  const made = await createOneOfEach(api(app.url, await getToken(app.url)));
  await copyRows(copyable, ESTIMATE_ABOVE);
  const { body } = await api(app.url)("GET", `/api/${copyable.plural}/`);
  assert.equal(body.count_is_estimate, true);
  assert.ok(Number(body.count) > ESTIMATE_ABOVE / 2, String(body.count));
  const page = await (await signedIn(app)).get(`/${copyable.plural}/`);
  assert.match(page.text.replaceAll("<!-- -->", ""), /of \d+ \(about \d+\)/);
  // The home page's counts go the same way.
  assert.equal((await countEach(app.db, [copyable]))[copyable.name]?.countIsEstimate, true);
  // A search that selects a few rows is counted exactly.
  const field = copyable.search[0];
  if (!field) return;
  const refs = Object.fromEntries(Object.entries(made).map(([name, object]) => [name, Object.values(object)[0]]));
  await new Records(app.db, copyable).create({ ...samplePayload(copyable, refs), [field]: "needle" });
  const searched = await api(app.url)("GET", `/api/${copyable.plural}/?q=needle`);
  assert.equal(searched.body.count, 1);
  assert.equal(searched.body.count_is_estimate, undefined);
});

test("a search can read the trigram index of every field it looks in", async () => {
  for (const entity of creationOrder().filter((e) => e.search.length)) {
    const plan = await app.db.transaction(async (tx) => {
      // A few rows would be read whole: leave the planner nothing but a bitmap scan of an index.
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      await tx.execute(sql`SET LOCAL enable_indexscan = off`);
      const records = new Records(tx, entity);
      const query = tx
        .select()
        .from(records.table)
        .where(records.where({ q: "needle" }));
      const result = await tx.execute<{ "QUERY PLAN": string }>(sql`EXPLAIN ${query.getSQL()}`);
      return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
    });
    for (const name of entity.search) assert.ok(plan.includes(`${entity.table}_${name}_trgm`), plan);
  }
});

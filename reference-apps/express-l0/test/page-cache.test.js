// A visitor's list pages come from src/page-cache.js: what keeps them, and every way they are let go.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { closeDatabase } from "../src/db.js";
import { ADMIN, api, createOneOfEach, creationOrder, getToken, openTestDatabase, signedIn, useApp } from "./helpers.js";

const app = useApp();
// The last entity made is referred to by none made before it: its rows can be deleted by hand.
const entity = creationOrder().at(-1);
const base = `/${entity.plural}/`;
const pk = entity.pk.name;

const visitorPage = async (headers = {}) => (await fetch(`${app.url}${base}`, { headers })).text();
const linksTo = (page, object) => page.includes(`${base}${object[pk]}/`);

async function makeOne() {
  const made = await createOneOfEach(api(app.url, await getToken(app.url)));
  return made[entity.name];
}

// A delete straight in SQL on `db`: src/records.js is not told, so no cache hears of it.
async function deleteBehindTheAppsBack(db, object) {
  const statement = sql`DELETE FROM ${sql.identifier(entity.table)} WHERE ${sql.identifier(pk)} = ${object[pk]}`;
  db.run(statement);
}

// An object the visitor's kept list page still links to after it was deleted behind the app's back (on the
// app's own connection: nothing says it changed), which only a kept page can do.
async function deletedButStillListed() {
  // On PostgreSQL the notices of the app's own writes reach its listening connection too, a moment after the
  // write, and let go a page kept before they arrive: each try waits a little longer for them first.
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    const object = await makeOne();
    assert.ok(linksTo(await visitorPage(), object), "a new object is listed at once");
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    await visitorPage();
    await deleteBehindTheAppsBack(app.db, object);
    if (linksTo(await visitorPage(), object)) return object;
  }
  return assert.fail("the kept page is never answered");
}

test("a visitor's list page is kept; a signed-in user's is rendered each time", async () => {
  const object = await deletedButStillListed();
  const user = await signedIn(app);
  const own = await user.get(base);
  assert.ok(!linksTo(own.text, object), "a signed-in user's page is read afresh");
  assert.ok(own.text.includes(ADMIN.username));
  const visitor = await visitorPage();
  assert.ok(!visitor.includes(ADMIN.username) && !visitor.includes("X-CSRF-Token"), "no one's page is kept for visitors");
});

test("a create, update or delete in this process lets every kept page go", async () => {
  const first = await makeOne();
  assert.ok(linksTo(await visitorPage(), first));
  const second = await makeOne(); // through the API: src/records.js announces it
  assert.ok(linksTo(await visitorPage(), second));
});

test("the htmx results table and the whole page are kept apart", async () => {
  const results = await visitorPage({ "HX-Request": "true" });
  const whole = await visitorPage();
  assert.ok(!results.includes("<html") && whole.includes("<html"));
  assert.ok(!(await visitorPage({ "HX-Request": "true" })).includes("<html"));
});

test("a write committed by another connection (another process) lets kept pages go", async () => {
  const object = await makeOne();
  assert.ok(linksTo(await visitorPage(), object));
  const other = openTestDatabase(app.databaseUrl);
  try {
    await deleteBehindTheAppsBack(other, object); // SQLite's data_version tells the app's connection
  } finally {
    await closeDatabase(other);
  }
  assert.ok(!linksTo(await visitorPage(), object));
});

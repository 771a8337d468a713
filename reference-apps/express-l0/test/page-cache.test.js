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

const visit = (headers = {}) => fetch(`${app.url}${base}`, { headers });
const visitorPage = async (headers = {}) => (await visit(headers)).text();
const linksTo = (page, object) => page.includes(`${base}${object[pk]}/`);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function makeOne() {
  const made = await createOneOfEach(api(app.url, await getToken(app.url)));
  return made[entity.name];
}

// A visitor's page as the cache answers it (X-Page-Cache: HIT): the first request keeps it, the next is sent
// from memory.
async function keptPage(headers = {}) {
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    await visitorPage(headers);
    const response = await visit(headers);
    if (response.headers.get("x-page-cache") === "HIT") return response;
    await pause(50 * attempt);
  }
  return assert.fail("no visitor's page is ever answered from the cache");
}

// Visitor pages until one lists `object` (or no longer does, `listed` false): a few seconds at most.
async function untilListed(object, listed = true) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (linksTo(await visitorPage(), object) === listed) return;
    await pause(100);
  }
  assert.fail(listed ? "the new object is never listed" : "the deleted object is listed still");
}// A delete straight in SQL on `db`: src/records.js is not told, so no cache hears of it.
async function deleteBehindTheAppsBack(db, object) {
  const statement = sql`DELETE FROM ${sql.identifier(entity.table)} WHERE ${sql.identifier(pk)} = ${object[pk]}`;
  db.run(statement);
}

test("a visitor's list page is kept; a signed-in user's is rendered each time", async () => {
  const object = await makeOne();
  assert.ok(linksTo(await visitorPage(), object), "a new object is listed at once");
  const kept = await keptPage();
  assert.ok(linksTo(await kept.text(), object));
  const user = await signedIn(app);
  const own = await user.get(base);
  assert.ok(own.text.includes(ADMIN.username), "a signed-in user's page is their own");
  const visitor = await (await keptPage()).text();
  assert.ok(!visitor.includes(ADMIN.username) && !visitor.includes("X-CSRF-Token"), "no one's page is kept for visitors");
});

test("a kept page is sent as it was kept, not rendered again", async () => {
  // On the app's own connection, so nothing says it changed; only a kept page lists it
  // still. A late notice of makeOne()'s writes may let the page go first: then again, with a new object.
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    const object = await makeOne();
    await keptPage();
    await deleteBehindTheAppsBack(app.db, object);
    if (!linksTo(await visitorPage(), object)) continue;
    const user = await signedIn(app);
    assert.ok(!linksTo((await user.get(base)).text, object), "a signed-in user's page is read afresh");
    return;
  }
  assert.fail("the kept page is never answered");
});

test("a create through the API lets every kept page go", async () => {
  await keptPage();
  const made = await makeOne(); // src/records.js announces it
  await untilListed(made);
});

test("the htmx results table and the whole page are kept apart", async () => {
  const results = await (await keptPage({ "HX-Request": "true" })).text();
  const whole = await (await keptPage()).text();
  assert.ok(!results.includes("<html") && whole.includes("<html"));
});

test("a browser that holds the kept page is told it has not changed (304)", async () => {
  const kept = await keptPage();
  const etag = kept.headers.get("etag");
  assert.ok(etag, "Express sends an ETag with a page");
  const again = await visit({ "If-None-Match": etag });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get("x-page-cache"), "HIT");
  assert.equal((await visit({ "If-None-Match": '"another"' })).status, 200);
});

test("a write committed by another connection (another process) lets kept pages go", async () => {
  const object = await makeOne();
  await keptPage();
  const other = openTestDatabase(app.databaseUrl);
  try {
    await deleteBehindTheAppsBack(other, object); // SQLite's data_version tells the app's connection
  } finally {
    await closeDatabase(other);
  }
  assert.ok(!linksTo(await visitorPage(), object));
});

// What `npm run migrate` reports and refuses (src/migrations.ts); test/scripts.test.ts runs it for real.
import assert from "node:assert/strict";
import { test } from "node:test";
import { appliedByRun } from "../src/migrations.ts";

const entries = [
  { tag: "0000_initial", when: 100 },
  { tag: "0001_sessions", when: 200 },
  { tag: "0002_yours", when: 300 },
];

test("a run names the migrations it applied", () => {
  assert.deepEqual(appliedByRun(entries, new Set([100]), new Set([100, 200, 300])), ["0001_sessions", "0002_yours"]);
  assert.deepEqual(appliedByRun(entries, new Set([100, 200, 300]), new Set([100, 200, 300])), []);
});

test("a migration dated before the newest applied one is refused by name, not passed over", () => {
  // drizzle applied 0002_yours (300) earlier; 0001_sessions (200) arrived later with a template update.
  assert.throws(
    () => appliedByRun(entries, new Set([100, 300]), new Set([100, 300])),
    /^Error: Migration 0001_sessions was not applied: .*newest one applied \(300\)\. Give it a later "when"/,
  );
});

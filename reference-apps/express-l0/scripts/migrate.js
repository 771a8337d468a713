// `npm run migrate` (the Procfile's release step): apply the migrations in migrations/ not applied yet.
import fs from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR, appliedMigrations, migrateDatabase } from "../src/db.js";
import { withDatabase } from "./cli.js";

await withDatabase(async (db) => {
  const before = await appliedMigrations(db);
  await migrateDatabase(db);
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"));
  const applied = journal.entries.slice(before).map((entry) => entry.tag);
  console.log(applied.length ? `Applied ${applied.join(", ")}.` : "No migrations to apply.");
});

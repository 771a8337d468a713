// `npm run migrate` (the Procfile's release step): apply the migrations not applied yet.
import { migrateDatabase } from "../src/db.ts";
import { withDatabase } from "./cli.ts";

await withDatabase(async (db) => {
  const applied = await migrateDatabase(db);
  console.log(applied.length ? `Applied ${applied.join(", ")}.` : "No migrations to apply.");
});

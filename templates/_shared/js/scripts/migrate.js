// `npm run migrate` (the Procfile's release step): apply the migrations in migrations/ not applied yet.
import { migrate } from "../src/db.js";
import { openFromEnvironment } from "./cli.js";

const { db } = openFromEnvironment();
const applied = migrate(db);
console.log(applied.length ? `Applied ${applied.join(", ")}.` : "No migrations to apply.");
db.close();

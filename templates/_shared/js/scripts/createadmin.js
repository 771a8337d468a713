// `npm run createadmin`: create the admin user from ADMIN_USERNAME and ADMIN_PASSWORD, or reset its password.
import { saveUser } from "../src/auth.js";
import { pendingMigrations } from "../src/db.js";
import { openFromEnvironment } from "./cli.js";

const { db } = openFromEnvironment();
const username = (process.env.ADMIN_USERNAME || "").trim();
const password = process.env.ADMIN_PASSWORD || "";
if (!username || !password) {
  console.error("Set ADMIN_USERNAME and ADMIN_PASSWORD (in the environment or .env), then run `npm run createadmin` again.");
  process.exit(1);
}
if (password.length < 8) {
  console.error("ADMIN_PASSWORD must be at least 8 characters long.");
  process.exit(1);
}

if (pendingMigrations(db).length) {
  console.error("The database is not migrated yet: run `npm run migrate` first.");
  process.exit(1);
}
const { created } = await saveUser(db, username, password, { admin: true });
console.log(created ? `Admin user "${username}" created.` : `Admin user "${username}" exists: password updated.`);
db.close();

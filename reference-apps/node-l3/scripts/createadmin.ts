// `npm run createadmin`: create the admin user from ADMIN_USERNAME and ADMIN_PASSWORD, or reset its password.
import { saveUser } from "../src/auth.ts";
import { schemaIsMissing } from "../src/db.ts";
import { withDatabase } from "./cli.ts";

await withDatabase(async (db) => {
  // Read once withDatabase has loaded .env, so that either place works.
  const name = (process.env.ADMIN_USERNAME || "").trim();
  const secret = process.env.ADMIN_PASSWORD || "";
  if (!name || !secret) {
    console.error(
      "Set ADMIN_USERNAME and ADMIN_PASSWORD (in the environment or .env), then run `npm run createadmin` again.",
    );
    process.exitCode = 1;
    return;
  }
  if (secret.length < 8) {
    console.error("ADMIN_PASSWORD must be at least 8 characters long.");
    process.exitCode = 1;
    return;
  }
  if (await schemaIsMissing(db)) {
    console.error("The database is not migrated yet: run `npm run migrate` first.");
    process.exitCode = 1;
    return;
  }
  const { created } = await saveUser(db, name, secret, { admin: true });
  console.log(created ? `Admin user "${name}" created.` : `Admin user "${name}" exists: password updated.`);
});

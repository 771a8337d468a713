// What the command-line scripts share: the configuration (refused with one clear line) and the database.
import { configOrExit } from "../src/config.js";
import { closeDatabase, openDatabase } from "../src/db.js";

export function openFromEnvironment() {
  const config = configOrExit({ prefix: "" });
  return { config, db: openDatabase(config.database) };
}

// Runs a script's work and closes the database; a database that cannot be reached is one line, not a trace.
export async function withDatabase(work) {
  const { config, db } = openFromEnvironment();
  try {
    await work(db, config);
  } catch (error) {
    const cause = error.cause ?? error;
    if (!["ECONNREFUSED", "ENOTFOUND", "3D000", "28P01", "SQLITE_CANTOPEN"].includes(cause.code)) throw error;
    console.error(`Cannot use the database of DATABASE_URL: ${cause.message}`);
    process.exitCode = 1;
  } finally {
    await closeDatabase(db);
  }
}

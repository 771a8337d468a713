// What the command-line scripts share: the configuration (refused with one clear line) and the database.
import { configOrExit, type Config } from "../src/config.ts";
import { closeDatabase, errorCause, openDatabase, type Database } from "../src/db.ts";

export function openFromEnvironment(): { config: Config; db: Database } {
  const config = configOrExit({ prefix: "" });
  return { config, db: openDatabase(config.database) };
}

// Runs a script's work and closes the database; a database that cannot be reached is one line, not a trace.
export async function withDatabase(work: (db: Database, config: Config) => Promise<void>): Promise<void> {
  const { config, db } = openFromEnvironment();
  try {
    await work(db, config);
  } catch (error) {
    const cause = errorCause(error);
    if (!["ECONNREFUSED", "ENOTFOUND", "3D000", "28P01", "SQLITE_CANTOPEN"].includes(cause.code ?? "")) throw error;
    console.error(`Cannot use the database of DATABASE_URL: ${cause.message}`);
    process.exitCode = 1;
  } finally {
    await closeDatabase(db);
  }
}

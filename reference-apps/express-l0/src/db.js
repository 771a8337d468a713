// The SQLite database (better-sqlite3: one file, no server) through Drizzle ORM, and its migrations
// (migrations/, written by drizzle-kit and applied by `npm run migrate`, the Procfile's release step).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { ROOT } from "./config.js";

export const MIGRATIONS_DIR = path.join(ROOT, "migrations");

// The migration names of a folder, in order (drizzle-kit's journal, meta/_journal.json).
function journal(folder) {
  return JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")).entries.map((entry) => entry.tag);
}

export function openDatabase(file) {
  if (file !== ":memory:") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const client = new Database(file);
  // WAL lets page reads go on while a write commits; foreign keys are off in SQLite unless asked for.
  client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  return drizzle({ client });
}

export async function closeDatabase(db) {
  db.$client.close();
}

function appliedCount(db) {
  const present = db.$client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  return present ? db.$client.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get() : 0;
}

// Applies every migration in migrations/ not applied yet; returns the names of those it applied.
export async function migrateDatabase(db) {
  const before = appliedCount(db);
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return journal(MIGRATIONS_DIR).slice(before);
}

// Whether the tables exist: pages and scripts warn instead of failing on a missing table.
export async function schemaIsMissing(db) {
  return !db.$client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'auth_user'").get();
}

export async function databaseIsReachable(db) {
  try {
    db.$client.prepare("SELECT 1").get();
    return "ok";
  } catch (error) {
    return `error: ${error.code || error.name}`;
  }
}

// Errors the records layer turns into answers: a foreign key still in use, a unique value taken.
export const isForeignKeyViolation = (error) => (error.cause ?? error).code === "SQLITE_CONSTRAINT_FOREIGNKEY";
export const isUniqueViolation = (error) => /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test((error.cause ?? error).code);
// The database file cannot be read or written (locked past busy_timeout, disk trouble): answered with 503.
export const isUnavailable = (error) => /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR)/.test((error.cause ?? error).code ?? "");

// What a request is answered while the database is unavailable (isUnavailable): a 503 saying so, with the
// seconds a client should wait before it tries again (Retry-After). The JSON API and the pages of both webs
// answer an outage alike.
export const UNAVAILABLE_DETAIL = "The database is unavailable; try again shortly.";
export const RETRY_AFTER_SECONDS = "5";

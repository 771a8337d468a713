// The SQLite database (better-sqlite3: one file, no server) through Drizzle ORM, and its migrations
// (migrations/, written by drizzle-kit and applied by `npm run migrate`, the Procfile's release step).
import fs from "node:fs";
import path from "node:path";
import SqliteClient from "better-sqlite3";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { ROOT } from "./config.ts";
import { appliedByRun, journal } from "./migrations.ts";

export const MIGRATIONS_DIR = path.join(ROOT, "migrations");

// The database handle every module uses: better-sqlite3 under Drizzle, typed for SQLite only (this project's
// schema is SQLite's).
export type Database = BetterSQLite3Database & { $client: SqliteClient.Database };
// What queries run on: the database, or a transaction of it.
export type Queryable = BaseSQLiteDatabase<"sync", SqliteClient.RunResult>;

// A time as the tables store it: ISO 8601 text (UTC, milliseconds), which sorts as the times do.
export const storedTime = (date: Date): string => date.toISOString();

export function openDatabase(file: string): Database {
  if (file !== ":memory:") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const client = new SqliteClient(file);
  // WAL lets page reads go on while a write commits; foreign keys are off in SQLite unless asked for.
  client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  return drizzle({ client });
}

export async function closeDatabase(db: Database): Promise<void> {
  db.$client.close();
}

// The dates of the migrations drizzle recorded as applied (none before the first run).
function appliedTimes(db: Database): Set<number> {
  const present = db.$client
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!present) return new Set();
  const times = db.$client.prepare("SELECT created_at FROM __drizzle_migrations").pluck().all() as number[];
  return new Set(times.map(Number));
}

// Applies every migration in migrations/ not applied yet; returns the names of those it applied
// (src/migrations.ts).
export async function migrateDatabase(db: Database): Promise<string[]> {
  const before = appliedTimes(db);
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return appliedByRun(journal(MIGRATIONS_DIR), before, appliedTimes(db));
}

// Whether the tables exist: pages and scripts warn instead of failing on a missing table.
export async function schemaIsMissing(db: Database): Promise<boolean> {
  return !db.$client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'auth_user'").get();
}

export async function databaseIsReachable(db: Database): Promise<string> {
  try {
    db.$client.prepare("SELECT 1").get();
    return "ok";
  } catch (error) {
    const cause = errorCause(error);
    return `error: ${cause.code || cause.name}`;
  }
}

// SQLite's planner gives no row estimate: lists count their rows (SQLite counts from the smallest index).
export const estimatedRows = async (_db: Queryable, _query: SQL): Promise<number | null> => null;

// `?q=`'s condition on one column, `pattern` a LIKE pattern (its % and _ escaped with \). SQLite's LIKE ignores the
// case of ASCII letters, as far as its lower() would: lower() on every row would only double the cost of the scan.
export const contains = (column: SQLWrapper, pattern: string): SQL => sql`${column} like ${pattern} escape '\\'`;

// Errors the records layer turns into answers: a foreign key still in use, a unique value taken.
// SQLite reports a delete that ON DELETE RESTRICT stops as SQLITE_CONSTRAINT_TRIGGER, with the same message.
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, message } = errorCause(error);
  return (
    code === "SQLITE_CONSTRAINT_FOREIGNKEY" ||
    (code === "SQLITE_CONSTRAINT_TRIGGER" && message.includes("FOREIGN KEY constraint failed"))
  );
}
export const isUniqueViolation = (error: unknown): boolean =>
  /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(errorCause(error).code ?? "");
// The database file cannot be read or written (locked past busy_timeout, disk trouble): answered with 503.
export const isUnavailable = (error: unknown): boolean =>
  /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR)/.test(errorCause(error).code ?? "");

// The error a database driver threw: Drizzle wraps it (error.cause); its code says what went wrong.
export function errorCause(error: unknown): { code?: string; name: string; message: string } {
  const outer = (error ?? {}) as { cause?: unknown };
  const cause = (outer.cause ?? error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  return {
    ...(typeof cause.code === "string" ? { code: cause.code } : {}),
    name: typeof cause.name === "string" ? cause.name : "Error",
    message: typeof cause.message === "string" ? cause.message : "",
  };
}

// What a request is answered while the database is unavailable (isUnavailable): a 503 saying so, with the
// seconds a client should wait before it tries again (Retry-After). The JSON API and the pages of both webs
// answer an outage alike.
export const UNAVAILABLE_DETAIL = "The database is unavailable; try again shortly.";
export const RETRY_AFTER_SECONDS = "5";

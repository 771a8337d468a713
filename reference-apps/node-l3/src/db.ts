// The PostgreSQL database through Drizzle ORM (node-postgres pool) and its migrations (migrations/, written by
// drizzle-kit and applied by `npm run migrate`, the Procfile's release step).
import path from "node:path";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgDatabase } from "drizzle-orm/pg-core";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { ROOT } from "./config.ts";
import { appliedByRun, journal } from "./migrations.ts";

export const MIGRATIONS_DIR = path.join(ROOT, "migrations");

// A pool per process. A query that cannot get a connection within 5 s fails (the page answers 503) rather
// than hanging, and a connection PostgreSQL drops (a restart) is replaced on the next query.
// The database handle every module uses: node-postgres under Drizzle, typed for PostgreSQL only (this project's
// schema is PostgreSQL's).
export type Database = NodePgDatabase & { $client: pg.Pool };
// What queries run on: the database, or a transaction of it.
export type Queryable = PgDatabase<NodePgQueryResultHKT>;

// A time as the tables store it: timestamptz columns take a Date.
export const storedTime = (date: Date): Date => date;

export function openDatabase(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, statement_timeout: 30000 });
  pool.on("error", (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  return drizzle({ client: pool });
}

export async function closeDatabase(db: Database): Promise<void> {
  await db.$client.end();
}

// Each stream of migrations and the table drizzle records it in (in the `drizzle` schema).
const STREAMS = [
  { folder: MIGRATIONS_DIR, table: "__drizzle_migrations" },
  // The background jobs' table has migrations of its own (src/jobs/schema.ts).
  { folder: path.join(ROOT, "src", "jobs", "migrations"), table: "__jobs_migrations" },
];

// The dates of the migrations drizzle recorded as applied in `table` (none before the first run).
async function appliedTimes(db: Database, table: string): Promise<Set<number>> {
  const found = await db.execute<{ present: boolean }>(
    sql`SELECT to_regclass(${`drizzle.${table}`}) IS NOT NULL AS present`,
  );
  if (!found.rows[0]?.present) return new Set();
  const rows = await db.execute<{ created_at: string }>(sql.raw(`SELECT created_at FROM drizzle."${table}"`));
  return new Set(rows.rows.map((row) => Number(row.created_at)));
}

// Applies every migration not applied yet; returns the names of those it applied (src/migrations.ts).
export async function migrateDatabase(db: Database): Promise<string[]> {
  const applied: string[] = [];
  for (const { folder, table } of STREAMS) {
    const before = await appliedTimes(db, table);
    await migrate(db, { migrationsFolder: folder, migrationsTable: table });
    applied.push(...appliedByRun(journal(folder), before, await appliedTimes(db, table)));
  }
  return applied;
}

// Whether the tables exist: pages and scripts warn instead of failing on a missing table.
export async function schemaIsMissing(db: Database): Promise<boolean> {
  const result = await db.execute<{ missing: boolean }>(sql`SELECT to_regclass('public.auth_user') IS NULL AS missing`);
  return result.rows[0]?.missing ?? true;
}

export async function databaseIsReachable(db: Database): Promise<string> {
  try {
    await db.execute(sql`SELECT 1`);
    return "ok";
  } catch (error) {
    const cause = errorCause(error);
    return `error: ${cause.code || cause.name}`;
  }
}

// The number of rows PostgreSQL's planner expects `query` to return (EXPLAIN: the query is planned, not run, so
// no row is read).
export async function estimatedRows(db: Queryable, query: SQL): Promise<number | null> {
  const result = await db.execute<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(
    sql`EXPLAIN (FORMAT JSON) ${query}`,
  );
  const plan = result.rows[0]?.["QUERY PLAN"][0];
  return plan ? plan.Plan["Plan Rows"] : null;
}

// `?q=`'s condition on one column, `pattern` a LIKE pattern (its % and _ escaped with \): the lowercased column
// contains the lowercased text, which the column's pg_trgm index (migrations/0002) finds without reading the table.
export const contains = (column: SQLWrapper, pattern: string): SQL =>
  sql`lower(${column}) like ${pattern.toLowerCase()} escape '\\'`;

// Errors the records layer turns into answers: a foreign key still in use, a unique value taken.
export const isForeignKeyViolation = (error: unknown): boolean => errorCause(error).code === "23503";
export const isUniqueViolation = (error: unknown): boolean => errorCause(error).code === "23505";
// PostgreSQL does not answer (down, restarting, failing over): an outage the API answers with 503, not a bug.
// Connection refused or reset, no connection within connectionTimeoutMillis, the server shutting down (57P01,
// 57P03), or a connection failure (class 08).
export const isUnavailable = (error: unknown): boolean => {
  const cause = errorCause(error);
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03"].includes(cause.code ?? "") ||
    /^08/.test(cause.code ?? "") ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(cause.message ?? "")
  );
};

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

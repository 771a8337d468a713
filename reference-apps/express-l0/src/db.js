// The SQLite database (better-sqlite3: synchronous, one file, no server) and its migrations.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ROOT } from "./config.js";

export const MIGRATIONS_DIR = path.join(ROOT, "migrations");

export function openDatabase(file) {
  if (file !== ":memory:") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const db = new Database(file);
  // WAL lets page reads go on while a write commits; foreign keys are off in SQLite unless asked for.
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

function ensureMigrationsTable(db) {
  db.exec('CREATE TABLE IF NOT EXISTS "schema_migrations" ("name" TEXT PRIMARY KEY NOT NULL, "applied_at" TEXT NOT NULL)');
}

function migrationFiles(dir) {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort();
}

export function pendingMigrations(db, dir = MIGRATIONS_DIR) {
  ensureMigrationsTable(db);
  const applied = new Set(db.prepare('SELECT "name" FROM "schema_migrations"').pluck().all());
  return migrationFiles(dir).filter((name) => !applied.has(name));
}

// Apply every migration not applied yet, each in its own transaction; returns the names applied.
export function migrate(db, dir = MIGRATIONS_DIR) {
  const pending = pendingMigrations(db, dir);
  const record = db.prepare('INSERT INTO "schema_migrations" ("name", "applied_at") VALUES (?, ?)');
  for (const name of pending) {
    const sql = fs.readFileSync(path.join(dir, name), "utf8");
    db.transaction(() => {
      db.exec(sql);
      record.run(name, new Date().toISOString());
    })();
  }
  return pending;
}

export function databaseIsReachable(db) {
  try {
    db.prepare("SELECT 1").get();
    return "ok";
  } catch (error) {
    return `error: ${error.code || error.name}`;
  }
}

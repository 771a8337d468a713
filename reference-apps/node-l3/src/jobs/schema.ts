// The background jobs' table. It is not part of src/schema.ts (your tables): it has migrations of its own,
// in src/jobs/migrations/ (recorded in drizzle.__jobs_migrations), so that a climb to this rung never
// collides with migrations you generated for your own tables.
import { index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "../schema.ts";
import type { FieldErrors } from "../validation.ts";

const moment = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const jobs = pgTable(
  "jobs_job",
  {
    id: uuid("id").primaryKey(),
    kind: varchar("kind", { length: 10, enum: ["export", "import"] }).notNull(),
    // The entity's name (src/entities.ts), e.g. "Task".
    entity: varchar("entity", { length: 100 }).notNull(),
    status: varchar("status", { length: 10, enum: ["pending", "running", "done", "failed"] }).notNull(),
    // Rows to process once known, and rows processed and committed: the import's checkpoint.
    total: integer("total").notNull(),
    processed: integer("processed").notNull(),
    created_count: integer("created_count").notNull(),
    failed_count: integer("failed_count").notNull(),
    // Row number (the header is row 1) -> {field: [messages]}, for the first rows that failed.
    row_errors: jsonb("row_errors").$type<Record<string, FieldErrors>>().notNull(),
    // Why the job failed, for its owner.
    error: text("error").notNull(),
    // Exports: the list page's query string (?q= and filters); imports: the uploaded file's name.
    query: text("query").notNull(),
    upload_name: varchar("upload_name", { length: 255 }).notNull(),
    // The uploaded CSV (imports) and the CSV written (exports), kept in the row: web and worker need no
    // shared disk, on one host or many.
    upload: text("upload"),
    result: text("result"),
    created_by: integer("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    created_at: moment("created_at").notNull(),
    updated_at: moment("updated_at").notNull(),
    finished_at: moment("finished_at"),
  },
  (table) => [index("jobs_job_created_by_idx").on(table.created_by)],
);

// The database tables as Drizzle ORM sees them (PostgreSQL), generated from the entity spec together with
// migrations/0000_initial.sql. To change the model, edit this file, then `npm run db:generate -- --name <what>`
// writes the next migration into migrations/ and `npm run migrate` applies it (see the README).
// Columns are named as the API names the fields, so a row is an API object but for its types.
import { boolean, index, integer, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";

export const users = pgTable(
  "auth_user",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    username: varchar("username", { length: 150 }).notNull().unique(),
    password: text("password").notNull(),
    is_admin: boolean("is_admin").notNull(),
    created_at: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
);

export const tokens = pgTable(
  "auth_token",
  {
    key: varchar("key", { length: 40 }).primaryKey(),
    user_id: integer("user_id").notNull().unique().references(() => users.id, { onDelete: "cascade" }),
    created_at: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
);

export const taskTable = pgTable(
  "task",
  {
    id: uuid("id").primaryKey(),
    title: varchar("title", { length: 200 }).notNull(),
    completed: boolean("completed").notNull(),
    created_at: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [index("task_ordering_idx").on(table.created_at, table.id)],
);

// The table of each entity, by entity name (src/entities.js).
export const entityTables = {
  Task: taskTable,
};

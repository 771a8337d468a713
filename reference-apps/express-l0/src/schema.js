// The database tables as Drizzle ORM sees them (SQLite), generated from the entity spec together with
// migrations/0000_initial.sql. To change the model, edit this file, then `npm run db:generate -- --name <what>`
// writes the next migration into migrations/ and `npm run migrate` applies it (see the README).
// Columns are named as the API names the fields, so a row is an API object but for its types.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable(
  "auth_user",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull().unique(),
    password: text("password").notNull(),
    is_admin: integer("is_admin", { mode: "boolean" }).notNull(),
    created_at: text("created_at").notNull(),
  },
);

export const tokens = sqliteTable(
  "auth_token",
  {
    key: text("key").primaryKey(),
    user_id: integer("user_id").notNull().unique().references(() => users.id, { onDelete: "cascade" }),
    created_at: text("created_at").notNull(),
  },
);

export const taskTable = sqliteTable(
  "task",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    completed: integer("completed", { mode: "boolean" }).notNull(),
    created_at: text("created_at").notNull(),
  },
  (table) => [index("task_ordering_idx").on(table.created_at, table.id)],
);

// The table of each entity, by entity name (src/entities.js).
export const entityTables = {
  Task: taskTable,
};

// The database tables as Drizzle ORM sees them (SQLite), generated from the entity spec together with
// migrations/0000_initial.sql and 0001_sessions.sql (the sign-in sessions). To change the model, edit this file,
// then `npm run db:generate -- --name <what>` writes the next migration into migrations/ and `npm run migrate`
// applies it (see the README).
// Columns are named as the API names the fields, so a row is an API object but for its types.
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  real,
  sqliteTable,
  text,
  type AnySQLiteColumn,
  type SQLiteColumn,
  type SQLiteTable,
} from "drizzle-orm/sqlite-core";

export const users = sqliteTable("auth_user", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  password: text("password").notNull(),
  is_admin: integer("is_admin", { mode: "boolean" }).notNull(),
  created_at: text("created_at").notNull(),
});

export const tokens = sqliteTable("auth_token", {
  key: text("key").primaryKey(),
  user_id: integer("user_id")
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  created_at: text("created_at").notNull(),
});

export const sessions = sqliteTable(
  "auth_session",
  {
    id: text("id").primaryKey(),
    user_id: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires_at: text("expires_at").notNull(),
  },
  (table) => [
    index("auth_session_user_id_idx").on(table.user_id),
    index("auth_session_expires_at_idx").on(table.expires_at),
  ],
);

export const authorTable = sqliteTable(
  "author",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull().unique(),
    email: text("email"),
    website: text("website"),
    bio: text("bio"),
    royalty_rate: real("royalty_rate"),
    created_at: text("created_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (table) => [index("author_ordering_idx").on(table.created_at, table.id)],
);

export const bookTable = sqliteTable(
  "book",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    author: integer("author")
      .notNull()
      .references(() => authorTable.id, { onDelete: "restrict" }),
    status: text("status", { enum: ["draft", "published", "archived"] }),
    price: text("price"),
    rating: real("rating"),
    pages: integer("pages"),
    published_on: text("published_on"),
    in_print: integer("in_print", { mode: "boolean" }).notNull(),
    added_at: text("added_at").notNull(),
    updated_at: text("updated_at").notNull(),
    sequel_to: text("sequel_to").references((): AnySQLiteColumn => bookTable.id, { onDelete: "set null" }),
    format: text("format", { enum: ["hardcover", "paperback", "ebook"] }),
    copies: integer("copies"),
  },
  (table) => [
    index("book_author_idx").on(table.author),
    index("book_sequel_to_idx").on(table.sequel_to),
    index("book_ordering_idx").on(table.added_at, table.id),
  ],
);

export const loanTable = sqliteTable(
  "loan",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    book: text("book")
      .notNull()
      .references(() => bookTable.id, { onDelete: "restrict" }),
    borrower: text("borrower").notNull(),
    due_on: text("due_on").notNull(),
    returned: integer("returned", { mode: "boolean" }).notNull(),
    copy_number: integer("copy_number").notNull(),
    returned_at: text("returned_at"),
    fine: text("fine"),
    ticket: text("ticket").unique(),
    created_at: text("created_at")
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (table) => [index("loan_book_idx").on(table.book), index("loan_ordering_idx").on(table.created_at, table.id)],
);

// The table of each entity, by entity name (src/entities.ts). The records layer (src/records.ts) serves every
// entity alike, so it sees a table as the dialect's table and its columns by name.
export type EntityTable = SQLiteTable;
export type EntityColumn = SQLiteColumn;
export const entityTables: Record<string, EntityTable> = {
  Author: authorTable,
  Book: bookTable,
  Loan: loanTable,
};

// The database tables as Drizzle ORM sees them (PostgreSQL), generated from the entity spec together with
// migrations/0000_initial.sql and 0001_sessions.sql (the sign-in sessions). To change the model, edit this file,
// then `npm run db:generate -- --name <what>` writes the next migration into migrations/ and `npm run migrate`
// applies it (see the README).
// Columns are named as the API names the fields, so a row is an API object but for its types.
import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
  type AnyPgColumn,
  type PgColumn,
  type PgTable,
} from "drizzle-orm/pg-core";

export const users = pgTable("auth_user", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  username: varchar("username", { length: 150 }).notNull().unique(),
  password: text("password").notNull(),
  is_admin: boolean("is_admin").notNull(),
  created_at: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
});

export const tokens = pgTable("auth_token", {
  key: varchar("key", { length: 40 }).primaryKey(),
  user_id: integer("user_id")
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  created_at: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
});

export const sessions = pgTable(
  "auth_session",
  {
    id: varchar("id", { length: 64 }).primaryKey(),
    user_id: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires_at: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [
    index("auth_session_user_id_idx").on(table.user_id),
    index("auth_session_expires_at_idx").on(table.expires_at),
  ],
);

export const authorTable = pgTable(
  "author",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: varchar("name", { length: 100 }).notNull().unique(),
    email: varchar("email", { length: 254 }),
    website: varchar("website", { length: 500 }),
    bio: text("bio"),
    royalty_rate: doublePrecision("royalty_rate"),
    created_at: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    index("author_ordering_idx").on(table.created_at, table.id),
    index("author_name_trgm").using("gin", sql`lower(${table.name}) gin_trgm_ops`),
    index("author_bio_trgm").using("gin", sql`lower(${table.bio}) gin_trgm_ops`),
  ],
);

export const bookTable = pgTable(
  "book",
  {
    id: uuid("id").primaryKey(),
    title: varchar("title", { length: 200 }).notNull(),
    author: integer("author")
      .notNull()
      .references(() => authorTable.id, { onDelete: "restrict" }),
    status: varchar("status", { length: 9, enum: ["draft", "published", "archived"] }),
    price: numeric("price", { precision: 8, scale: 2 }),
    rating: doublePrecision("rating"),
    pages: integer("pages"),
    published_on: date("published_on", { mode: "string" }),
    in_print: boolean("in_print").notNull(),
    added_at: timestamp("added_at", { withTimezone: true, mode: "date" }).notNull(),
    updated_at: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
    sequel_to: uuid("sequel_to").references((): AnyPgColumn => bookTable.id, { onDelete: "set null" }),
    format: varchar("format", { length: 9, enum: ["hardcover", "paperback", "ebook"] }),
    copies: integer("copies"),
  },
  (table) => [
    index("book_author_idx").on(table.author),
    index("book_sequel_to_idx").on(table.sequel_to),
    index("book_ordering_idx").on(table.added_at, table.id),
    index("book_title_trgm").using("gin", sql`lower(${table.title}) gin_trgm_ops`),
  ],
);

export const loanTable = pgTable(
  "loan",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    book: uuid("book")
      .notNull()
      .references(() => bookTable.id, { onDelete: "restrict" }),
    borrower: varchar("borrower", { length: 100 }).notNull(),
    due_on: date("due_on", { mode: "string" }).notNull(),
    returned: boolean("returned").notNull(),
    copy_number: integer("copy_number").notNull(),
    returned_at: timestamp("returned_at", { withTimezone: true, mode: "date" }),
    fine: numeric("fine", { precision: 6, scale: 2 }),
    ticket: uuid("ticket").unique(),
    created_at: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    index("loan_book_idx").on(table.book),
    index("loan_ordering_idx").on(table.created_at, table.id),
    index("loan_borrower_trgm").using("gin", sql`lower(${table.borrower}) gin_trgm_ops`),
  ],
);

// The table of each entity, by entity name (src/entities.ts). The records layer (src/records.ts) serves every
// entity alike, so it sees a table as the dialect's table and its columns by name.
export type EntityTable = PgTable;
export type EntityColumn = PgColumn;
export const entityTables: Record<string, EntityTable> = {
  Author: authorTable,
  Book: bookTable,
  Loan: loanTable,
};

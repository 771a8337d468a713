// The database layer of every entity: list (search, filters, pages), get, create, update, delete, CSV rows.
// Values are stored as SQLite has them (bool 0/1, decimals as exact text, datetimes as ISO 8601 in UTC) and
// answered as the API shows them (true/false, "12.50", "2026-01-31T09:30:00.000Z").
import crypto from "node:crypto";
import { entityByName, storesBlankAsEmpty } from "./entities.js";
import { validate, valueSchema } from "./validation.js";

export const PAGE_SIZE = 20;

export class ValidationError extends Error {
  constructor(errors) {
    super("invalid input");
    this.errors = errors;
  }
}

export class ProtectedError extends Error {}

const quote = (name) => `"${name.replaceAll('"', '""')}"`;

function toRow(field, value) {
  if (value === null || value === undefined) return null;
  if (field.kind === "bool") return value ? 1 : 0;
  return value;
}

function fromRow(field, value) {
  if (value === null || value === undefined) return null;
  if (field.kind === "bool") return value === 1;
  return value;
}

// The default of a field left out of a create: its `=default`, false for a bool, else empty.
function defaultOf(field) {
  if (field.default !== undefined) {
    // "5" for decimal(5,2) is stored as "5.00", as a value sent through the API would be.
    return field.kind === "decimal" ? valueSchema(field).parse(field.default) : field.default;
  }
  if (field.kind === "bool") return false;
  return storesBlankAsEmpty(field) ? "" : null;
}

export class Records {
  constructor(db, entity) {
    this.db = db;
    this.entity = entity;
    this.table = quote(entity.table);
    this.pk = entity.pk;
  }

  // The pk of a URL segment, or null when it cannot be one (so the route answers 404).
  parsePk(text) {
    if (this.pk.kind === "int") return /^\d{1,15}$/.test(text) ? Number(text) : null;
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? text.toLowerCase() : null;
  }

  serialize(row) {
    const object = { [this.pk.name]: row[this.pk.name] };
    for (const field of this.entity.fields) {
      object[field.name] = fromRow(field, row[field.name]);
    }
    return object;
  }

  // WHERE clause of `?q=` (case-insensitive contains over every str and text field) and the filters.
  where({ q = "", filters = {} } = {}) {
    const clauses = [];
    const params = [];
    const text = q.trim();
    if (text && this.entity.search.length) {
      const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      clauses.push(`(${this.entity.search.map((name) => `lower(${quote(name)}) LIKE ? ESCAPE '\\'`).join(" OR ")})`);
      params.push(...this.entity.search.map(() => pattern));
    }
    for (const name of this.entity.filters) {
      const value = filters[name];
      if (value === undefined || value === "") continue;
      const field = this.entity.fields.find((f) => f.name === name);
      if (field.kind === "bool") {
        if (!["true", "false", "1", "0"].includes(String(value))) continue;
        clauses.push(`${quote(name)} = ?`);
        params.push(["true", "1"].includes(String(value)) ? 1 : 0);
      } else {
        clauses.push(`${quote(name)} = ?`);
        params.push(String(value));
      }
    }
    return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
  }

  orderBy() {
    const terms = this.entity.ordering.map((term) =>
      term.startsWith("-") ? `${quote(term.slice(1))} DESC` : `${quote(term)} ASC`,
    );
    return `ORDER BY ${terms.join(", ")}`;
  }

  count(query = {}) {
    const { sql, params } = this.where(query);
    return this.db.prepare(`SELECT count(*) FROM ${this.table} ${sql}`).pluck().get(...params);
  }

  // One page of the list; `page` beyond the last (or not a number) answers null, which the routes make a 404.
  page(query = {}, pageNumber = 1) {
    const count = this.count(query);
    const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pages) return null;
    const { sql, params } = this.where(query);
    const rows = this.db
      .prepare(`SELECT * FROM ${this.table} ${sql} ${this.orderBy()} LIMIT ? OFFSET ?`)
      .all(...params, PAGE_SIZE, (pageNumber - 1) * PAGE_SIZE);
    return { count, pages, number: pageNumber, results: rows.map((row) => this.serialize(row)) };
  }

  *iterate(query = {}) {
    const { sql, params } = this.where(query);
    for (const row of this.db.prepare(`SELECT * FROM ${this.table} ${sql} ${this.orderBy()}`).iterate(...params)) {
      yield this.serialize(row);
    }
  }

  get(pk) {
    const row = this.db.prepare(`SELECT * FROM ${this.table} WHERE ${quote(this.pk.name)} = ?`).get(pk);
    return row ? this.serialize(row) : null;
  }

  // The name an object is shown by: its label field, else "Task 12".
  display(object) {
    const label = this.entity.label && object[this.entity.label];
    return label ? String(label) : `${this.entity.name} ${object[this.pk.name]}`;
  }

  // Every object as [pk, display name]: the options of a ref field's select.
  choices() {
    const columns = [this.pk.name, this.entity.label].filter(Boolean).map(quote).join(", ");
    return this.db
      .prepare(`SELECT ${columns} FROM ${this.table} ${this.orderBy()}`)
      .all()
      .map((row) => [row[this.pk.name], this.display(row)]);
  }

  // Rules only the database can check: refs must exist, unique values must be free.
  databaseErrors(data, ownPk) {
    const errors = {};
    for (const field of this.entity.fields) {
      const value = data[field.name];
      if (value === null || value === undefined || value === "") continue;
      if (field.kind === "ref") {
        const target = new Records(this.db, entityByName.get(field.target));
        if (!target.get(value)) errors[field.name] = [`Invalid pk "${value}" - object does not exist.`];
      }
      if (field.unique) {
        const other = this.db
          .prepare(`SELECT 1 FROM ${this.table} WHERE ${quote(field.name)} = ? AND ${quote(this.pk.name)} IS NOT ?`)
          .get(toRow(field, value), ownPk ?? null);
        if (other) errors[field.name] = [`${this.entity.name} with this ${field.name.replaceAll("_", " ")} already exists.`];
      }
    }
    return Object.keys(errors).length ? errors : null;
  }

  clean(input, { partial = false, ownPk = null } = {}) {
    const { data, errors } = validate(this.entity, entityByName, input, { partial });
    if (errors) throw new ValidationError(errors);
    const databaseErrors = this.databaseErrors(data, ownPk);
    if (databaseErrors) throw new ValidationError(databaseErrors);
    return data;
  }

  // POST: every field validated, the ones left out take their default. Throws ValidationError.
  create(input) {
    return this.db.transaction(() => {
      const data = this.clean(input);
      const now = new Date().toISOString();
      const row = {};
      if (this.pk.kind === "uuid") row[this.pk.name] = crypto.randomUUID();
      for (const field of this.entity.fields) {
        if (field.autoAdd || field.autoNow) row[field.name] = field.kind === "date" ? now.slice(0, 10) : now;
        else row[field.name] = toRow(field, field.name in data ? data[field.name] : defaultOf(field));
      }
      const names = Object.keys(row);
      const result = this.db
        .prepare(`INSERT INTO ${this.table} (${names.map(quote).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
        .run(...names.map((name) => row[name]));
      return this.get(this.pk.kind === "uuid" ? row[this.pk.name] : Number(result.lastInsertRowid));
    })();
  }

  // PUT (partial false: required fields must be sent) or PATCH (partial true). Null when there is no such row.
  update(pk, input, { partial = false } = {}) {
    return this.db.transaction(() => {
      if (!this.get(pk)) return null;
      const data = this.clean(input, { partial, ownPk: pk });
      const now = new Date().toISOString();
      const changes = {};
      for (const field of this.entity.fields) {
        if (field.autoNow) changes[field.name] = field.kind === "date" ? now.slice(0, 10) : now;
        else if (field.name in data) changes[field.name] = toRow(field, data[field.name]);
      }
      const names = Object.keys(changes);
      if (names.length) {
        this.db
          .prepare(`UPDATE ${this.table} SET ${names.map((name) => `${quote(name)} = ?`).join(", ")} WHERE ${quote(this.pk.name)} = ?`)
          .run(...names.map((name) => changes[name]), pk);
      }
      return this.get(pk);
    })();
  }

  // True when deleted, false when there was no such row; ProtectedError while a required ref points at it.
  delete(pk) {
    try {
      return this.db.prepare(`DELETE FROM ${this.table} WHERE ${quote(this.pk.name)} = ?`).run(pk).changes > 0;
    } catch (error) {
      if (error.code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
        throw new ProtectedError("Other objects still refer to this one; change or delete them first.");
      }
      throw error;
    }
  }
}

// CSV export: pks for references, ISO 8601 for dates, true/false for booleans (as the Django rungs write it).
export function csvLine(values) {
  return `${values
    .map((value) => {
      const text = value === null || value === undefined ? "" : typeof value === "boolean" ? String(value) : String(value);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",")}\r\n`;
}

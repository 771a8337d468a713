// The database layer of every entity: list (search, filters, pages), get, create, update, delete, CSV rows,
// over the Drizzle tables of src/schema.ts. Objects come out as the API shows them (true/false, "12.50",
// "2026-01-31T09:30:00.000Z"), whatever the database stores.
import crypto from "node:crypto";
import { EventEmitter } from "node:events";
import { and, asc, count, desc, eq, getTableColumns, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { contains, estimatedRows, isForeignKeyViolation, type Queryable } from "./db.ts";
import { asText, fieldNamed, storesBlankAsEmpty, targetOf } from "./entities.ts";
import type { ApiObject, Entity, Field, PrimaryKey, Value } from "./entities.ts";
import { entityTables, type EntityColumn, type EntityTable } from "./schema.ts";
import { INT_MAX, decimalText, validate, type FieldErrors } from "./validation.ts";

export const PAGE_SIZE = 20;
// A count(*) reads every row it counts: tens of milliseconds for a million rows, on every list request. Where
// PostgreSQL's planner expects more rows than this (EXPLAIN, which reads none), a list's count is that
// estimate, flagged as such; below it (or on SQLite) the count is exact, and a search or filter that selects
// fewer rows is counted exactly through its index.
export const ESTIMATE_ABOVE = 100_000;
const EXPORT_BATCH = 500;
const INT_PK = /^\d{1,15}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A row as the database driver returns it, by column name.
type Row = Record<string, unknown>;
// A pk as a query takes it: a number (int pk) or a lowercase uuid.
export type Pk = number | string;
// A list's search (?q=) and filters (?field=value; other query parameters are ignored).
export interface ListQuery {
  q?: string;
  filters?: Record<string, unknown>;
}
export interface Count {
  count: number;
  // True when `count` is PostgreSQL's estimate (see ESTIMATE_ABOVE).
  countIsEstimate: boolean;
}
export interface Page extends Count {
  pages: number;
  number: number;
  results: ApiObject[];
}

export class ValidationError extends Error {
  readonly errors: FieldErrors;

  constructor(errors: FieldErrors) {
    super("invalid input");
    this.errors = errors;
  }
}

export class ProtectedError extends Error {}

// The number of objects of every entity, by name: the home page's counts, estimated as a list's are.
export async function countEach(db: Queryable, all: readonly Entity[]): Promise<Record<string, Count>> {
  const counts: Record<string, Count> = {};
  for (const entity of all) counts[entity.name] = await new Records(db, entity).countOrEstimate();
  return counts;
}

// Emits "change" (with the entity's name) after every create, update and delete: the level-2 cache of the home
// page's counts (src/cache.ts) listens to it.
export const changes = new EventEmitter();

// A value as the column takes it: timestamps with a JS Date column mode get a Date, the rest as they are.
function toColumn(column: EntityColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return column.dataType === "date" && !(value instanceof Date) ? new Date(value as string) : value;
}

function fromColumn(value: unknown): Value {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : (value as Value);
}

// The default of a field left out of a create: its `=default`, false for a bool, else empty.
function defaultOf(field: Field): Value {
  if (field.default !== undefined) {
    // "5" for decimal(5,2) is stored as "5.00", as a value sent through the API would be.
    return field.kind === "decimal" ? decimalText(String(field.default), field.decimalPlaces) : field.default;
  }
  if (field.kind === "bool") return false;
  return storesBlankAsEmpty(field) ? "" : null;
}

// The pk of a URL segment or filter value, or null when it cannot be one (so the route answers 404).
export function parsePk(entity: { pk: PrimaryKey }, text: unknown): Pk | null {
  const value = asText(text);
  // Beyond the integer column's range no row can have it (and PostgreSQL would refuse the query).
  if (entity.pk.kind === "int") return INT_PK.test(value) && Number(value) <= INT_MAX ? Number(value) : null;
  return UUID.test(value) ? value.toLowerCase() : null;
}

export class Records {
  readonly db: Queryable;
  readonly entity: Entity;
  readonly table: EntityTable;
  readonly pk: PrimaryKey;
  readonly pkColumn: EntityColumn;
  private readonly columns: Record<string, EntityColumn>;

  constructor(db: Queryable, entity: Entity) {
    const table = entityTables[entity.name];
    if (!table) throw new Error(`no table for the entity ${entity.name}`);
    this.db = db;
    this.entity = entity;
    this.table = table;
    this.pk = entity.pk;
    this.columns = getTableColumns(table);
    this.pkColumn = this.column(entity.pk.name);
  }

  // The column of a field (or the pk) by name.
  column(name: string): EntityColumn {
    const column = this.columns[name];
    if (!column) throw new Error(`${this.entity.name} has no column ${name}`);
    return column;
  }

  parsePk(text: unknown): Pk | null {
    return parsePk(this.entity, text);
  }

  serialize(row: Row): ApiObject {
    const object: ApiObject = { [this.pk.name]: row[this.pk.name] as Pk };
    for (const field of this.entity.fields) {
      object[field.name] = fromColumn(row[field.name]);
    }
    return object;
  }

  // The condition of one filter value, or a condition nothing meets when the value cannot match (?done=maybe).
  filterCondition(field: Field, value: unknown): SQL | undefined {
    const column = this.column(field.name);
    const text = asText(value);
    if (field.kind === "bool") {
      return ["true", "false", "1", "0"].includes(text) ? eq(column, ["true", "1"].includes(text)) : undefined;
    }
    if (field.kind === "ref") {
      const pk = parsePk(targetOf(field), text);
      return pk === null ? sql`1 = 0` : eq(column, pk);
    }
    // No stored value holds a NUL character (PostgreSQL would refuse the query).
    return text.includes("\0") ? sql`1 = 0` : eq(column, text);
  }

  // `?q=` (case-insensitive contains over every str and text field) and the filters.
  where({ q = "", filters = {} }: ListQuery = {}): SQL | undefined {
    const conditions: (SQL | undefined)[] = [];
    const text = asText(q).replaceAll("\0", "").trim();
    if (text && this.entity.search.length) {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(or(...this.entity.search.map((name) => contains(this.column(name), pattern))));
    }
    for (const name of this.entity.filters) {
      const value = filters[name];
      if (value === undefined || value === "" || typeof value === "object") continue;
      conditions.push(this.filterCondition(fieldNamed(this.entity, name), value));
    }
    return and(...conditions);
  }

  orderBy(): SQL[] {
    return this.entity.ordering.map((term) =>
      term.startsWith("-") ? desc(this.column(term.slice(1))) : asc(this.column(term)),
    );
  }

  async count(query: ListQuery = {}): Promise<number> {
    const [counted] = await this.db.select({ value: count() }).from(this.table).where(this.where(query));
    return Number(counted?.value ?? 0);
  }

  // The number of matching rows: PostgreSQL's estimate above ESTIMATE_ABOVE rows, else the exact count.
  async countOrEstimate(query: ListQuery = {}): Promise<Count> {
    const selected = this.db.select({ pk: this.pkColumn }).from(this.table).where(this.where(query));
    const estimate = await estimatedRows(this.db, selected.getSQL());
    if (estimate !== null && estimate > ESTIMATE_ABOVE) return { count: estimate, countIsEstimate: true };
    return { count: await this.count(query), countIsEstimate: false };
  }

  // One page of the list; `page` beyond the last (or not a number) answers null, which the routes make a 404.
  // Two queries, the count and then the page, each of which the database answers well on any table: the page
  // walks the ordering index and stops after its 20 rows. (A count beside each row, `count(*) over ()`, saves
  // a round trip but makes the database read and sort every row found before the first: 24x the time on
  // SQLite with 1,000 rows, 10x on PostgreSQL with 100,000.)
  async page(query: ListQuery = {}, pageNumber = 1): Promise<Page | null> {
    // A safe integer: ?page=1e300 is a number too, but no OFFSET the database takes. Checked before counting.
    if (!Number.isSafeInteger(pageNumber) || pageNumber < 1) return null;
    const { count: total, countIsEstimate } = await this.countOrEstimate(query);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (pageNumber > pages) return null;
    const rows = await this.db
      .select()
      .from(this.table)
      .where(this.where(query))
      .orderBy(...this.orderBy())
      .limit(PAGE_SIZE)
      .offset((pageNumber - 1) * PAGE_SIZE);
    const results = rows.map((row) => this.serialize(row));
    return { count: total, countIsEstimate, pages, number: pageNumber, results };
  }

  // Every matching object, read in batches so that an export of many rows never holds them all.
  async *iterate(query: ListQuery = {}): AsyncGenerator<ApiObject> {
    for (let offset = 0; ; offset += EXPORT_BATCH) {
      const rows = await this.db
        .select()
        .from(this.table)
        .where(this.where(query))
        .orderBy(...this.orderBy(), asc(this.pkColumn))
        .limit(EXPORT_BATCH)
        .offset(offset);
      for (const row of rows) yield this.serialize(row);
      if (rows.length < EXPORT_BATCH) return;
    }
  }

  async get(pk: Pk): Promise<ApiObject | null> {
    const [row] = await this.db.select().from(this.table).where(eq(this.pkColumn, pk)).limit(1);
    return row ? this.serialize(row) : null;
  }

  // The name an object is shown by: its label field, else "Task 12".
  display(object: Record<string, unknown>): string {
    const label = this.entity.label && object[this.entity.label];
    return label ? asText(label) : `${this.entity.name} ${asText(object[this.pk.name])}`;
  }

  // The display names of the objects with these pks (blanks left out), in one query: pk as text -> name.
  async displayNames(pks: unknown[]): Promise<Map<string, string>> {
    const wanted = [...new Set(pks.filter((pk) => pk !== null && pk !== undefined && pk !== ""))];
    if (wanted.length === 0) return new Map();
    const rows: Row[] = await this.db.select(this.nameColumns()).from(this.table).where(inArray(this.pkColumn, wanted));
    return new Map(rows.map((row) => [asText(row[this.pk.name]), this.display(row)]));
  }

  // Every object as [pk, display name], the options of a ref field's select; null when there are more than
  // `limit` (a select of them all would be too long to read or send: the pk is typed instead).
  async choices(limit: number): Promise<[string, string][] | null> {
    const rows: Row[] = await this.db
      .select(this.nameColumns())
      .from(this.table)
      .orderBy(...this.orderBy())
      .limit(limit + 1);
    if (rows.length > limit) return null;
    return rows.map((row) => [asText(row[this.pk.name]), this.display(row)]);
  }

  // The columns an object's name is made of: the pk, and the label field where there is one.
  private nameColumns(): Record<string, EntityColumn> {
    const columns = { [this.pk.name]: this.pkColumn };
    if (this.entity.label) columns[this.entity.label] = this.column(this.entity.label);
    return columns;
  }

  // Rules only the database can check: refs must exist, unique values must be free.
  async databaseErrors(data: Record<string, Value>, ownPk: Pk | null): Promise<FieldErrors | null> {
    const errors: FieldErrors = {};
    for (const field of this.entity.fields) {
      const value = data[field.name];
      if (value === null || value === undefined || value === "") continue;
      if (field.kind === "ref") {
        const target = new Records(this.db, targetOf(field));
        const pk = target.parsePk(value);
        if (pk === null || !(await target.get(pk)))
          errors[field.name] = [`Invalid pk "${asText(value)}" - object does not exist.`];
      }
      if (field.unique) {
        const column = this.column(field.name);
        const others = and(eq(column, toColumn(column, value)), ownPk === null ? undefined : ne(this.pkColumn, ownPk));
        const [other] = await this.db.select({ pk: this.pkColumn }).from(this.table).where(others).limit(1);
        if (other)
          errors[field.name] = [`${this.entity.name} with this ${field.name.replaceAll("_", " ")} already exists.`];
      }
    }
    return Object.keys(errors).length ? errors : null;
  }

  async clean(
    input: unknown,
    { partial = false, ownPk = null }: { partial?: boolean; ownPk?: Pk | null } = {},
  ): Promise<Record<string, Value>> {
    const { data, errors } = validate(this.entity, input, { partial });
    if (errors) throw new ValidationError(errors);
    const databaseErrors = await this.databaseErrors(data, ownPk);
    if (databaseErrors) throw new ValidationError(databaseErrors);
    return data;
  }

  changed(): void {
    changes.emit("change", this.entity.name);
  }

  // POST: every field validated, the ones left out take their default. Throws ValidationError.
  async create(input: unknown): Promise<ApiObject> {
    const data = await this.clean(input);
    const now = new Date().toISOString();
    const row: Row = {};
    if (this.pk.kind === "uuid") row[this.pk.name] = crypto.randomUUID();
    for (const field of this.entity.fields) {
      const value =
        field.autoAdd || field.autoNow
          ? field.kind === "date"
            ? now.slice(0, 10)
            : now
          : field.name in data
            ? data[field.name]
            : defaultOf(field);
      row[field.name] = toColumn(this.column(field.name), value);
    }
    const [created] = await this.db.insert(this.table).values(row).returning();
    this.changed();
    if (!created) throw new Error(`${this.entity.name}: the insert returned no row`);
    return this.serialize(created);
  }

  // PUT (partial false: required fields must be sent) or PATCH (partial true). Null when there is no such row.
  async update(pk: Pk, input: unknown, { partial = false }: { partial?: boolean } = {}): Promise<ApiObject | null> {
    if (!(await this.get(pk))) return null;
    const data = await this.clean(input, { partial, ownPk: pk });
    const now = new Date().toISOString();
    const values: Row = {};
    for (const field of this.entity.fields) {
      if (field.autoNow)
        values[field.name] = toColumn(this.column(field.name), field.kind === "date" ? now.slice(0, 10) : now);
      else if (field.name in data) values[field.name] = toColumn(this.column(field.name), data[field.name]);
    }
    if (!Object.keys(values).length) return this.get(pk);
    const [updated] = await this.db.update(this.table).set(values).where(eq(this.pkColumn, pk)).returning();
    this.changed();
    return updated ? this.serialize(updated) : null;
  }

  // True when deleted, false when there was no such row; ProtectedError while a required ref points at it.
  async delete(pk: Pk): Promise<boolean> {
    try {
      const deleted = await this.db.delete(this.table).where(eq(this.pkColumn, pk)).returning({ pk: this.pkColumn });
      if (deleted.length) this.changed();
      return deleted.length > 0;
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new ProtectedError("Other objects still refer to this one; change or delete them first.");
      }
      throw error;
    }
  }
}

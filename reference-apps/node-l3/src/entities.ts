// The data model, generated from the entity spec in .copier-answers.yml.
// Everything else (validation, the database layer, pages, the API, CSV export) is driven by this list, so a
// field added here and in a new migration (migrations/) shows up everywhere.
//
// kind: str text int decimal float bool date datetime email url uuid enum ref
// label: the field that names an object (the first str field); search: the fields `?q=` looks in;
// filters: the fields lists can be filtered by (?field=value); ordering: newest first (an entity whose spec has
// no auto_add date gets one, created_at).

export type FieldKind = Field["kind"];
// A value as the API shows and takes it (a decimal is a string: "12.50").
export type Value = string | number | boolean | null;

interface FieldBase {
  name: string;
  required?: boolean;
  unique?: boolean;
  autoAdd?: boolean;
  autoNow?: boolean;
  default?: string | number | boolean;
}

export type Field = FieldBase &
  (
    | { kind: "str"; maxLength: number }
    | { kind: "decimal"; maxDigits: number; decimalPlaces: number }
    | { kind: "enum"; choices: readonly [string, ...string[]] }
    | { kind: "ref"; target: string }
    | { kind: "text" | "int" | "float" | "bool" | "date" | "datetime" | "email" | "url" | "uuid" }
  );

export interface PrimaryKey {
  name: string;
  kind: "int" | "uuid";
}

export interface Entity {
  name: string;
  table: string;
  plural: string;
  verbosePlural: string;
  label: string | null;
  pk: PrimaryKey;
  search: readonly string[];
  filters: readonly string[];
  ordering: readonly string[];
  fields: readonly Field[];
}

// An object as the API shows it: the pk and every field, by name.
export type ApiObject = Record<string, Value>;

export const entities: readonly Entity[] = [
  {
    name: "Author",
    table: "author",
    plural: "authors",
    verbosePlural: "Authors",
    label: "name",
    pk: { name: "id", kind: "int" },
    search: ["name", "bio"],
    filters: [],
    ordering: ["-created_at", "-id"],
    fields: [
      { name: "name", kind: "str", maxLength: 100, required: true, unique: true },
      { name: "email", kind: "email" },
      { name: "website", kind: "url" },
      { name: "bio", kind: "text" },
      { name: "royalty_rate", kind: "float", default: 0.1 },
      { name: "created_at", kind: "datetime", autoAdd: true },
    ],
  },
  {
    name: "Book",
    table: "book",
    plural: "books",
    verbosePlural: "Books",
    label: "title",
    pk: { name: "id", kind: "uuid" },
    search: ["title"],
    filters: ["author", "status", "in_print", "sequel_to", "format"],
    ordering: ["-added_at", "-id"],
    fields: [
      { name: "title", kind: "str", maxLength: 200, required: true },
      { name: "author", kind: "ref", target: "Author", required: true },
      { name: "status", kind: "enum", choices: ["draft", "published", "archived"], default: "draft" },
      { name: "price", kind: "decimal", maxDigits: 8, decimalPlaces: 2 },
      { name: "rating", kind: "float" },
      { name: "pages", kind: "int" },
      { name: "published_on", kind: "date" },
      { name: "in_print", kind: "bool", default: true },
      { name: "added_at", kind: "datetime", autoAdd: true },
      { name: "updated_at", kind: "datetime", autoNow: true },
      { name: "sequel_to", kind: "ref", target: "Book" },
      { name: "format", kind: "enum", choices: ["hardcover", "paperback", "ebook"] },
      { name: "copies", kind: "int", default: 1 },
    ],
  },
  {
    name: "Loan",
    table: "loan",
    plural: "loans",
    verbosePlural: "Loans",
    label: "borrower",
    pk: { name: "id", kind: "int" },
    search: ["borrower"],
    filters: ["book", "returned"],
    ordering: ["-created_at", "-id"],
    fields: [
      { name: "book", kind: "ref", target: "Book", required: true },
      { name: "borrower", kind: "str", maxLength: 100, required: true },
      { name: "due_on", kind: "date", required: true },
      { name: "returned", kind: "bool", default: false },
      { name: "copy_number", kind: "int", required: true },
      { name: "returned_at", kind: "datetime" },
      { name: "fine", kind: "decimal", maxDigits: 6, decimalPlaces: 2, default: "0.00" },
      { name: "ticket", kind: "uuid", unique: true },
      { name: "created_at", kind: "datetime", autoAdd: true },
    ],
  },
];

export const entityByName: ReadonlyMap<string, Entity> = new Map(entities.map((entity) => [entity.name, entity]));

// A value as String() writes it, for pages and messages that show what was sent (an array as its items
// joined with commas, another object as [object Object]).
export function asText(value: unknown): string {
  if (Array.isArray(value)) return value.map(asText).join(",");
  if (typeof value === "object" && value !== null) return "[object Object]";
  return String(value);
}

// The entity a ref field points at (entities.ts names only entities it defines).
export function targetOf(field: Field & { kind: "ref" }): Entity {
  const target = entityByName.get(field.target);
  if (!target) throw new Error(`${field.name} refers to an unknown entity ${field.target}`);
  return target;
}

// The field of `entity` called `name` (search, filters and label name fields of the entity itself).
export function fieldNamed(entity: Entity, name: string): Field {
  const field = entity.fields.find((f) => f.name === name);
  if (!field) throw new Error(`${entity.name} has no field ${name}`);
  return field;
}

// Fields a user can set: everything but the pk and the automatic dates.
export function editableFields(entity: Entity): Field[] {
  return entity.fields.filter((field) => !field.autoAdd && !field.autoNow);
}

// Text-like kinds keep an empty optional value as "" (as Django does); the others, and unique ones, as null.
export function storesBlankAsEmpty(field: Field): boolean {
  return ["str", "text", "email", "url", "enum"].includes(field.kind) && !field.unique;
}

// How the pages show an entity, whatever renders them (nunjucks on level 0, React from level 1): labels, the
// cells of lists and detail pages, list filters, and the fields of a form with their values and errors.
import type { Database } from "./db.ts";
import { asText, editableFields, fieldNamed, targetOf } from "./entities.ts";
import type { Entity, Field, PrimaryKey, Value } from "./entities.ts";
import { Records } from "./records.ts";
import type { FieldErrors } from "./validation.ts";

// One value on a page: its text, a link where it is another object, and a kind for styling.
export interface Cell {
  text: string;
  kind?: string;
  url?: string;
}
// A list column: a field, or the pk where the entity has no label.
export type Column = Field | PrimaryKey;
// A select's options: [value, text].
export type Options = [string, string][];

// A ref field's form input and list filter is a <select> of every object it may point at, up to this many;
// past it, the pk is typed into a text input (the object's page shows it), so that a page over a large table
// stays small. A pk that names no object gets the same error as from the API.
export const SELECT_LIMIT = 100;

export const label = (name: string): string => name.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());

// One value as a page shows it: text, a link where it is another object (named `refName`), and a kind for styling.
function valueCell(field: Column, value: unknown, refName?: string): Cell {
  if (value === null || value === undefined || value === "") return { text: "—", kind: "empty" };
  if (field.kind === "bool") return { text: value ? "Yes" : "No", kind: value ? "yes" : "no" };
  if (field.kind === "enum") return { text: label(asText(value)) };
  if (field.kind === "datetime") return { text: asText(value).slice(0, 16).replace("T", " ") };
  if (field.kind === "ref")
    return { text: refName ?? asText(value), url: `/${targetOf(field).plural}/${asText(value)}/` };
  return { text: asText(value) };
}

// The display names of the objects a ref field of `objects` points at: pk (as text) -> name, in one query.
function refNames(db: Database, field: Field & { kind: "ref" }, objects: readonly Record<string, unknown>[]) {
  return new Records(db, targetOf(field)).displayNames(objects.map((object) => object[field.name]));
}

export async function cell(db: Database, field: Field, value: unknown): Promise<Cell> {
  const names = field.kind === "ref" ? await refNames(db, field, [{ [field.name]: value }]) : new Map<string, string>();
  return valueCell(field, value, names.get(asText(value)));
}

// A stored value as an <input> shows it (a datetime-local input takes 2026-01-31T09:30).
function formValue(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (field.kind === "datetime") return asText(value).slice(0, 16);
  return value;
}

const INPUT_TYPES: Partial<Record<Field["kind"], string>> = {
  int: "number",
  float: "number",
  decimal: "number",
  email: "email",
  url: "url",
  date: "date",
  datetime: "datetime-local",
};
const STEPS: Partial<Record<Field["kind"], string>> = { int: "1", float: "any" };

// The options of a ref field's select, or null where its pk is typed (more than SELECT_LIMIT objects).
const refChoices = (db: Database, field: Field & { kind: "ref" }): Promise<Options | null> =>
  new Records(db, targetOf(field)).choices(SELECT_LIMIT);

export async function formFields(
  db: Database,
  entity: Entity,
  values: Record<string, unknown>,
  errors: FieldErrors | null | undefined,
) {
  const fields = [];
  for (const field of editableFields(entity)) {
    const options: Options | null =
      field.kind === "enum"
        ? field.choices.map((choice) => [choice, label(choice)])
        : field.kind === "ref"
          ? await refChoices(db, field)
          : null;
    fields.push({
      ...field,
      label: label(field.name),
      help: field.kind === "ref" && !options ? `The id of the ${targetOf(field).name.toLowerCase()}.` : null,
      inputType: INPUT_TYPES[field.kind] ?? "text",
      step: field.kind === "decimal" ? (10 ** -field.decimalPlaces).toFixed(field.decimalPlaces) : STEPS[field.kind],
      value: formValue(field, values[field.name]),
      options,
      errors: errors?.[field.name] ?? [],
    });
  }
  return fields;
}

// The form's values after a failed post: what the user typed, so nothing is lost.
export function submitted(entity: Entity, body: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of editableFields(entity)) {
    values[field.name] = field.kind === "bool" ? body[field.name] !== undefined : (body[field.name] ?? "");
  }
  return values;
}

export function initialValues(entity: Entity): Record<string, Value> {
  return Object.fromEntries(
    editableFields(entity).map((field) => [field.name, field.default ?? (field.kind === "bool" ? false : "")]),
  );
}

// The list page's columns: the label first (the pk when there is none), long text left out.
export function listColumns(entity: Entity): Column[] {
  return [
    ...(entity.label ? [] : [{ name: entity.pk.name, kind: entity.pk.kind }]),
    ...entity.fields.filter((f) => f.name === entity.label),
    ...entity.fields.filter((f) => f.name !== entity.label && f.kind !== "text"),
  ];
}

// The cells of a list page's rows. The objects each ref column points at are read in one query per column,
// not one per row.
export async function listRows(
  db: Database,
  entity: Entity,
  columns: readonly Column[],
  objects: readonly Record<string, unknown>[],
): Promise<Cell[][]> {
  const names = new Map<string, Map<string, string>>();
  for (const field of columns) if (field.kind === "ref") names.set(field.name, await refNames(db, field, objects));
  return objects.map((object) =>
    columns.map((f) =>
      f.name === entity.pk.name
        ? { text: asText(object[f.name]) }
        : valueCell(f, object[f.name], names.get(f.name)?.get(asText(object[f.name]))),
    ),
  );
}

// The detail page: the pk, then every field.
export async function detailCells(
  db: Database,
  entity: Entity,
  object: Record<string, unknown>,
): Promise<({ label: string } & Cell)[]> {
  const fields = await Promise.all(
    entity.fields.map(async (f) => ({ label: label(f.name), ...(await cell(db, f, object[f.name])) })),
  );
  return [{ label: label(entity.pk.name), text: asText(object[entity.pk.name]) }, ...fields];
}

// The list page's filters (bool, enum and ref fields) with their options and the value chosen in `query`;
// a ref filter's options are null where its pk is typed (more than SELECT_LIMIT objects).
export function listFilters(db: Database, entity: Entity, query: Record<string, unknown>) {
  return Promise.all(
    entity.filters.map(async (name) => {
      const field = fieldNamed(entity, name);
      const options: Options | null =
        field.kind === "bool"
          ? [
              ["true", "Yes"],
              ["false", "No"],
            ]
          : field.kind === "enum"
            ? field.choices.map((choice) => [choice, label(choice)])
            : field.kind === "ref"
              ? await refChoices(db, field)
              : [];
      const chosen = query[name];
      return { name, label: label(name), options, selected: typeof chosen === "string" ? chosen : "" };
    }),
  );
}

// The CSV export's header row: the pk, then every field.
export function csvHeader(entity: Entity): string[] {
  return [entity.pk.name, ...entity.fields.map((f) => f.name)];
}

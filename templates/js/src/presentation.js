// How the pages show an entity, whatever renders them (nunjucks on level 0, React from level 1): labels, the
// cells of lists and detail pages, list filters, and the fields of a form with their values and errors.
import { editableFields, entityByName } from "./entities.js";
import { Records } from "./records.js";

export const label = (name) => name.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());

// One value as a page shows it: text, a link where it is another object (named `refName`), and a kind for styling.
function valueCell(field, value, refName) {
  if (value === null || value === undefined || value === "") return { text: "—", kind: "empty" };
  if (field.kind === "bool") return { text: value ? "Yes" : "No", kind: value ? "yes" : "no" };
  if (field.kind === "enum") return { text: label(String(value)) };
  if (field.kind === "datetime") return { text: String(value).slice(0, 16).replace("T", " ") };
  if (field.kind === "ref") return { text: refName ?? String(value), url: `/${entityByName.get(field.target).plural}/${value}/` };
  return { text: String(value) };
}

// The display names of the objects a ref field of `objects` points at: pk (as text) -> name, in one query.
function refNames(db, field, objects) {
  return new Records(db, entityByName.get(field.target)).displayNames(objects.map((object) => object[field.name]));
}

export async function cell(db, field, value) {
  const names = field.kind === "ref" ? await refNames(db, field, [{ [field.name]: value }]) : new Map();
  return valueCell(field, value, names.get(String(value)));
}

// A stored value as an <input> shows it (a datetime-local input takes 2026-01-31T09:30).
function formValue(field, value) {
  if (value === null || value === undefined) return "";
  if (field.kind === "datetime") return String(value).slice(0, 16);
  return value;
}

const INPUT_TYPES = { int: "number", float: "number", decimal: "number", email: "email", url: "url", date: "date", datetime: "datetime-local" };
const STEPS = { int: "1", float: "any" };

export async function formFields(db, entity, values, errors) {
  const fields = [];
  for (const field of editableFields(entity)) {
    const options =
      field.kind === "enum"
        ? field.choices.map((choice) => [choice, label(choice)])
        : field.kind === "ref"
          ? await new Records(db, entityByName.get(field.target)).choices()
          : null;
    fields.push({
      ...field,
      label: label(field.name),
      inputType: INPUT_TYPES[field.kind] || "text",
      step: field.kind === "decimal" ? (10 ** -field.decimalPlaces).toFixed(field.decimalPlaces) : STEPS[field.kind],
      value: formValue(field, values[field.name]),
      options,
      errors: errors?.[field.name] || [],
    });
  }
  return fields;
}

// The form's values after a failed post: what the user typed, so nothing is lost.
export function submitted(entity, body) {
  const values = {};
  for (const field of editableFields(entity)) {
    values[field.name] = field.kind === "bool" ? body[field.name] !== undefined : (body[field.name] ?? "");
  }
  return values;
}

export function initialValues(entity) {
  return Object.fromEntries(editableFields(entity).map((field) => [field.name, field.default ?? (field.kind === "bool" ? false : "")]));
}

// The list page's columns: the label first (the pk when there is none), long text left out.
export function listColumns(entity) {
  return [
    ...(entity.label ? [] : [{ name: entity.pk.name, kind: entity.pk.kind }]),
    ...entity.fields.filter((f) => f.name === entity.label),
    ...entity.fields.filter((f) => f.name !== entity.label && f.kind !== "text"),
  ];
}

// The cells of a list page's rows. The objects each ref column points at are read in one query per column,
// not one per row.
export async function listRows(db, entity, columns, objects) {
  const names = new Map();
  for (const field of columns.filter((f) => f.kind === "ref")) names.set(field.name, await refNames(db, field, objects));
  return objects.map((object) =>
    columns.map((f) =>
      f.name === entity.pk.name ? { text: String(object[f.name]) } : valueCell(f, object[f.name], names.get(f.name)?.get(String(object[f.name]))),
    ),
  );
}

// The detail page: the pk, then every field.
export function detailCells(db, entity, object) {
  return Promise.all(
    [{ name: entity.pk.name, kind: entity.pk.kind }, ...entity.fields].map(async (f) => ({
      label: label(f.name),
      ...(f.name === entity.pk.name ? { text: String(object[f.name]) } : await cell(db, f, object[f.name])),
    })),
  );
}

// The list page's filters (bool, enum and ref fields) with their options and the value chosen in `query`.
export function listFilters(db, entity, query) {
  return Promise.all(entity.filters.map(async (name) => {
    const field = entity.fields.find((f) => f.name === name);
    const options =
      field.kind === "bool"
        ? [
            ["true", "Yes"],
            ["false", "No"],
          ]
        : field.kind === "enum"
          ? field.choices.map((choice) => [choice, label(choice)])
          : await new Records(db, entityByName.get(field.target)).choices();
    return { name, label: label(name), options, selected: String(query[name] ?? "") };
  }));
}

// The CSV export's header row: the pk, then every field.
export function csvHeader(entity) {
  return [entity.pk.name, ...entity.fields.map((f) => f.name)];
}

// The data model, generated from the entity spec in .copier-answers.yml.
// Everything else (validation, the database layer, pages, the API, CSV export) is driven by this list, so a
// field added here and in a new migration (migrations/) shows up everywhere.
//
// kind: str text int decimal float bool date datetime email url uuid enum ref
// label: the field that names an object (the first str field); search: the fields `?q=` looks in;
// filters: the fields lists can be filtered by (?field=value); ordering: newest first (an entity whose spec has
// no auto_add date gets one, created_at).

export const entities = [
  {
    name: "Task",
    table: "task",
    plural: "tasks",
    verbosePlural: "Tasks",
    label: "title",
    pk: { name: "id", kind: "uuid" },
    search: ["title"],
    filters: ["completed"],
    ordering: ["-created_at", "-id"],
    fields: [
      { name: "title", kind: "str", maxLength: 200, required: true },
      { name: "completed", kind: "bool", default: false },
      { name: "created_at", kind: "datetime", autoAdd: true },
    ],
  },
];

export const entityByName = new Map(entities.map((entity) => [entity.name, entity]));

// Fields a user can set: everything but the pk and the automatic dates.
export function editableFields(entity) {
  return entity.fields.filter((field) => !field.autoAdd && !field.autoNow);
}

// Text-like kinds keep an empty optional value as "" (as Django does); the others, and unique ones, as null.
export function storesBlankAsEmpty(field) {
  return ["str", "text", "email", "url", "enum"].includes(field.kind) && !field.unique;
}

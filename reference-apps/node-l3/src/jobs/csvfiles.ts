// Reading an import's CSV: the header checked against the entity, each row turned into the input a form or
// the API would send. The format is the export's (src/csv.ts): references as pks, true/false,
// ISO 8601 dates, a ' before a cell a spreadsheet would take for a formula; a pk column, where present, is
// ignored (the app assigns pks).
import { parse } from "csv-parse/sync";
import { fromCsvCell } from "../csv.ts";
import { editableFields, type Entity } from "../entities.ts";

// The rows of a CSV text, header first; a file that is not CSV is one clear sentence.
export function readRows(text: string): string[][] {
  try {
    return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    throw new JobError(`The file is not a CSV file this app can read: ${(error as Error).message}`);
  }
}

// Why the header cannot be imported, or "" when it can.
export function headerProblem(entity: Entity, header: string[] | undefined): string {
  if (!header) return "The file is empty: it needs a header row of field names.";
  const known = new Set([entity.pk.name, ...entity.fields.map((f) => f.name)]);
  const unknown = header.filter((name) => !known.has(name));
  if (unknown.length) return `Unknown column(s) ${unknown.join(", ")}: the columns are ${[...known].join(", ")}.`;
  const missing = editableFields(entity).filter((f) => f.required && !header.includes(f.name));
  if (missing.length) return `Missing required column(s): ${missing.map((f) => f.name).join(", ")}.`;
  return "";
}

// One data row as API input: only the editable fields the header has; "" for an empty cell.
export function rowInput(entity: Entity, header: string[], row: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of editableFields(entity)) {
    const column = header.indexOf(field.name);
    if (column === -1) continue;
    const text = fromCsvCell(row[column] ?? "");
    if (field.kind === "bool") input[field.name] = ["true", "1", "yes"].includes(text.trim().toLowerCase());
    else input[field.name] = text === "" && !["str", "text", "email", "url", "enum"].includes(field.kind) ? null : text;
  }
  return input;
}

// A job that cannot succeed as asked (a bad file, an entity gone from the data model): failed, never retried.
export class JobError extends Error {}

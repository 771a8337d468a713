// CSV export, written by csv-stringify: the pk and every field of each object, references as pks, ISO 8601
// dates, true/false for booleans, rows ended by CRLF (as the Django rungs write it). An import reads the same
// format back (src/jobs/csvfiles.ts, csv-parse).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify, type Options } from "csv-stringify";
import type { ApiObject } from "./entities.ts";

// A cell a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first) is written with a
// leading ' (its text shows as it is, nothing runs), and so is a cell that has such a ' already, so that
// fromCsvCell() gives back every value exactly. Numbers (-5, +1.5e3) are data, not formulas: left as they are.
const FORMULA = /^'*[=+\-@\t\r]/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function toCsvCell(text: string): string {
  return FORMULA.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

// The value of an exported cell (an import reads it so): the ' that toCsvCell() added is dropped.
export function fromCsvCell(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) && !NUMBER.test(text.slice(1)) ? text.slice(1) : text;
}

// The columns, in order, with a header row of their names; a cell with a line break in it is quoted, so that
// a reader splitting on CR alone keeps it whole.
function options(columns: readonly string[]): Options {
  return {
    header: true,
    columns: [...columns],
    record_delimiter: "windows",
    quoted_match: /[\r\n]/,
    cast: { string: toCsvCell, boolean: (value) => (value ? "true" : "false") },
  };
}

// The CSV of `objects` as a stream, header row first: it is written as the rows come, so a large table never
// sits in memory. The first row is read before it answers, so that a database which does not answer is an
// error the caller can still answer with a status (503); a failure later destroys the stream with that error.
export async function csvStream(columns: readonly string[], objects: AsyncIterable<ApiObject>): Promise<Readable> {
  const rows = objects[Symbol.asyncIterator]();
  const first = await rows.next();
  const csv = stringify(options(columns));
  // pipeline() destroys `csv` with the error of a failed read: its reader sees the failure.
  pipeline(Readable.from(resumed(first, rows)), csv).catch(() => undefined);
  return csv;
}

async function* resumed<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncGenerator<T> {
  for (let next = first; !next.done; next = await rest.next()) yield next.value;
}

// A posted form to the API's JSON, and a stored value back to what an input shows.
import type { Entity, Field, Row } from "./spec.ts";

const EMPTY_IS_BLANK = new Set(["str", "text", "email", "url", "enum"]);

/** The JSON value the API expects for what a form input sent (an empty input is "" or null, as the model stores it). */
export function fieldValue(field: Field, sent: FormDataEntryValue | null): unknown {
  if (field.kind === "bool") return sent !== null;
  const text = typeof sent === "string" ? sent.trim() : "";
  if (text === "") return EMPTY_IS_BLANK.has(field.kind) && !field.unique ? "" : null;
  return text;
}

/** The API payload of a posted form: every editable field of the entity, nothing else. */
export function payloadOf(entity: Entity, form: FormData): Row {
  return Object.fromEntries(
    entity.fields.filter((f) => f.editable).map((f) => [f.name, fieldValue(f, form.get(f.name))]),
  );
}

/** A value as its input shows it (a datetime-local input takes `YYYY-MM-DDTHH:MM`). */
export function inputValue(field: Field, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (field.kind === "datetime") return String(value).slice(0, 16);
  return String(value);
}

/** A new object's form starts from the spec's defaults. */
export function defaults(entity: Entity): Row {
  return Object.fromEntries(entity.fields.filter((f) => f.has_default).map((f) => [f.name, f.default]));
}

/** The API's 400 answer as messages per field; anything not about one field under "" (shown above the form). */
export function fieldErrors(body: unknown): Record<string, string[]> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { "": ["The API refused the data."] };
  const errors: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(body)) {
    const key = name === "non_field_errors" || name === "detail" ? "" : name;
    errors[key] = [...(errors[key] ?? []), ...(Array.isArray(messages) ? messages.map(String) : [String(messages)])];
  }
  return errors;
}

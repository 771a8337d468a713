// Valid sample values for every field kind: `npm run seed` fills a fresh database with them, and the tests
// post them to the API and the forms.
import crypto from "node:crypto";
import { editableFields, entities, type Entity, type Field, type Value } from "./entities.ts";

// Entities in an order where every ref's target comes first (a cycle is broken where the ref is optional).
export function creationOrder(): Entity[] {
  const done = new Set<string>();
  const ordered: Entity[] = [];
  while (ordered.length < entities.length) {
    const ready =
      entities.find(
        (e) =>
          !done.has(e.name) &&
          e.fields.every((f) => f.kind !== "ref" || f.target === e.name || done.has(f.target) || !f.required),
      ) ?? entities.find((e) => !done.has(e.name));
    if (!ready) break;
    done.add(ready.name);
    ordered.push(ready);
  }
  return ordered;
}

let sequence = 0;

// A valid value of every kind; `n` makes str, email, url and unique values differ between calls.
export function sampleValue(field: Field, n: number): Value {
  switch (field.kind) {
    case "str": {
      const text = `${field.name} ${n}`;
      return text.length <= field.maxLength ? text : String(n).slice(-field.maxLength);
    }
    case "text":
      return `Some ${field.name} text ${n}`;
    case "email":
      return `user${n}@example.com`;
    case "url":
      return `https://example.com/${field.name}/${n}`;
    case "int":
      return n;
    case "float":
      return n + 0.5;
    case "decimal":
      return ((n % 10 ** (field.maxDigits - field.decimalPlaces)) + 0.25).toFixed(field.decimalPlaces);
    case "bool":
      return n % 2 === 1;
    case "date":
      return new Date(Date.UTC(2026, 0, 1 + (n % 365))).toISOString().slice(0, 10);
    case "datetime":
      return new Date(Date.UTC(2026, 0, 1, 9, 30 + n)).toISOString();
    case "uuid":
      return crypto.randomUUID();
    case "enum":
      return field.choices[n % field.choices.length] ?? null;
    default:
      return null;
  }
}

// A valid API body for `entity`; `refs` maps entity names to the pk of an existing object, `n` (by default
// the next of a sequence) makes its values differ from other samples'.
export function samplePayload(
  entity: Entity,
  refs: Record<string, Value | undefined> = {},
  n: number | undefined = undefined,
): Record<string, Value> {
  sequence = n ?? sequence + 1;
  const payload: Record<string, Value> = {};
  for (const field of editableFields(entity)) {
    if (field.kind === "ref") {
      const pk = refs[field.target];
      if (pk !== undefined || field.required) payload[field.name] = pk ?? null;
    } else {
      payload[field.name] = sampleValue(field, sequence);
    }
  }
  return payload;
}

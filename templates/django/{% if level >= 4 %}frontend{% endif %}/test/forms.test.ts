import assert from "node:assert/strict";
import { test } from "node:test";
import { maskedToken } from "../src/lib/csrf.ts";
import { fieldErrors, fieldValue, inputValue, payloadOf } from "../src/lib/forms.ts";
import type { Entity, Field } from "../src/lib/spec.ts";

function field(name: string, kind: Field["kind"], extra: Partial<Field> = {}): Field {
  return {
    name,
    kind,
    required: false,
    unique: false,
    editable: true,
    max_length: null,
    max_digits: null,
    decimal_places: null,
    choices: [],
    default: null,
    has_default: false,
    target: null,
    ...extra,
  };
}

const entity: Entity = {
  name: "Thing",
  plural: "things",
  snake: "thing",
  verbose_plural: "Things",
  label: "title",
  pk: { name: "id", kind: "int" },
  search: ["title"],
  fields: [
    field("title", "str", { required: true, max_length: 50 }),
    field("done", "bool"),
    field("due_on", "date"),
    field("code", "str", { unique: true }),
    field("created_at", "datetime", { editable: false }),
  ],
};

test("a form becomes the API's payload: every editable field, empty inputs as the model stores them", () => {
  const form = new FormData();
  form.set("title", "  Milk ");
  form.set("due_on", "");
  form.set("code", "");
  form.set("created_at", "2020-01-01T00:00");
  assert.deepEqual(payloadOf(entity, form), { title: "Milk", done: false, due_on: null, code: null });
});

test("a ticked checkbox is true, an unticked one false", () => {
  assert.equal(fieldValue(field("done", "bool"), "on"), true);
  assert.equal(fieldValue(field("done", "bool"), null), false);
});

test("a stored datetime shows in a datetime-local input without seconds or zone", () => {
  assert.equal(inputValue(field("at", "datetime"), "2026-03-01T10:15:42Z"), "2026-03-01T10:15");
  assert.equal(inputValue(field("at", "datetime"), null), "");
});

test("the API's 400 answer becomes messages per field, the rest above the form", () => {
  const errors = fieldErrors({ title: ["This field is required."], non_field_errors: ["Duplicate."] });
  assert.deepEqual(errors, { title: ["This field is required."], "": ["Duplicate."] });
  assert.deepEqual(fieldErrors("Bad Request"), { "": ["The API refused the data."] });
});

test("the CSRF token is the cookie's secret masked afresh, as Django unmasks it", () => {
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const secret = "abcdefghijklmnopqrstuvwxyzABCDEF";
  const token = maskedToken(secret);
  assert.equal(token.length, 64);
  assert.notEqual(token, maskedToken(secret));
  const [mask, cipher] = [token.slice(0, 32), token.slice(32)];
  const unmasked = [...cipher]
    .map((c, i) => chars[(chars.indexOf(c) - chars.indexOf(mask[i]) + chars.length) % chars.length])
    .join("");
  assert.equal(unmasked, secret);
  assert.equal(maskedToken("not-a-secret"), "");
});

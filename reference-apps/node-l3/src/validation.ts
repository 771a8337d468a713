// Input validation: zod schemas derived from the Drizzle tables of schema.ts by drizzle-zod, refined where the
// entity definitions of entities.ts say more than a column does (lengths SQLite does not keep, formats, the
// valid choices, what a create must send).
//
// `validate(entity, input, { partial })` runs an entity's schema (partial: PATCH, where every field may be left
// out) and answers Django REST framework's error shape, {"field": ["message", ...]}, which the API returns with
// 400 and the forms show beside each input; the messages are Django REST framework's too (drfMessage()). Before
// it, `loosen()` takes what a form or a lenient client sends ("12" for 12, "on" for true, " x " for "x") as the
// value it means. Rules that need the database (a ref must exist, a unique value must be free) are checked by
// records.ts afterwards. openapi.ts turns the same schemas into the API's OpenAPI document.
import { createInsertSchema, createSelectSchema, createUpdateSchema } from "drizzle-zod";
import { z } from "zod";
import {
  asText,
  editableFields,
  entityByName,
  storesBlankAsEmpty,
  type Entity,
  type Field,
  type Value,
} from "./entities.ts";
import { entityTables } from "./schema.ts";

// What failed validation answers: {"field": ["message", ...]}.
export type FieldErrors = Record<string, string[]>;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;
// A datetime-local input sends 2026-01-31T09:30; the API may add seconds, fractions and a zone.
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DATETIME_MESSAGE = "Datetime has wrong format. Use ISO 8601, e.g. 2026-01-31T09:30:00Z.";

// The range of an `integer` column in PostgreSQL (and of Django's IntegerField): a larger value is refused here,
// not by the database (SQLite's integer is wider; drizzle-zod bounds it by JavaScript's safe integers).
export const INT_MAX = 2147483647;
const INT_MIN = -INT_MAX - 1;
// The Django track's URLField(max_length=500) (the column is varchar(500) on PostgreSQL; SQLite keeps no length)
// and EmailField.
const URL_MAX_LENGTH = 500;
const EMAIL_MAX_LENGTH = 254;

// PostgreSQL cannot store a NUL character in text; Django refuses it too ("Null characters are not allowed.").
const NUL_MESSAGE = "Null characters are not allowed.";
const noNul = (text: string): boolean => !text.includes("\0");
// Half of a UTF-16 surrogate pair alone (JSON can carry "\ud800") is no character: it could not be stored as
// UTF-8 but as a replacement character. Refused with Django REST framework's words.
const LONE_SURROGATE = /\p{Surrogate}/u;
function surrogateMessage(text: string): string {
  const [found] = text.match(LONE_SURROGATE) ?? [""];
  return `Surrogate characters are not allowed: U+${found.charCodeAt(0).toString(16).toUpperCase()}.`;
}
const storable = (schema: z.ZodString) =>
  schema
    .refine(noNul, NUL_MESSAGE)
    .refine((text) => text.isWellFormed(), { error: (issue) => surrogateMessage(asText(issue.input)) });

// A column's string schema with at most `max` characters (drizzle-zod gives a varchar's length already).
const atMost = (column: z.ZodType, max: number): z.ZodString => {
  const text = column instanceof z.ZodString ? column : z.string();
  return text.maxLength === null ? text.max(max) : text;
};

// A column's integer schema within PostgreSQL's integer range (drizzle-zod gives it for a PostgreSQL integer).
const integer = (column: z.ZodType): z.ZodNumber => {
  let number = column instanceof z.ZodNumber ? column : z.int();
  if ((number.minValue ?? -Infinity) < INT_MIN) number = number.gte(INT_MIN);
  if ((number.maxValue ?? Infinity) > INT_MAX) number = number.lte(INT_MAX);
  return number;
};

// 12.5 -> "12.50" for decimal(5,2); a value with too many digits is refused, never rounded.
export function decimalText(text: string, decimalPlaces: number): string {
  const negative = text.startsWith("-");
  const [whole = "", fraction = ""] = text.replace(/^[+-]/, "").split(".");
  const digits = `${whole.replace(/^0+(?=\d)/, "") || "0"}${decimalPlaces ? "." : ""}${fraction.padEnd(decimalPlaces, "0").slice(0, decimalPlaces)}`;
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

function decimalSchema({ maxDigits, decimalPlaces }: { maxDigits: number; decimalPlaces: number }) {
  const whole = maxDigits - decimalPlaces;
  return z
    .string()
    .superRefine((text, ctx) => {
      if (!NUMBER.test(text)) {
        ctx.addIssue({ code: "custom", message: "A valid number is required." });
        return;
      }
      const [wholeDigits = "", fraction = ""] = text.replace(/^[+-]/, "").split(".");
      if (fraction.replace(/0+$/, "").length > decimalPlaces) {
        ctx.addIssue({
          code: "custom",
          message: `Ensure that there are no more than ${decimalPlaces} decimal places.`,
        });
      } else if (wholeDigits.replace(/^0+/, "").length > whole) {
        ctx.addIssue({
          code: "custom",
          message: `Ensure that there are no more than ${whole} digits before the decimal point.`,
        });
      }
    })
    .meta({ format: "decimal", pattern: `^-?\\d{0,${whole}}${decimalPlaces ? `(\\.\\d{0,${decimalPlaces}})?` : ""}$` })
    .transform((text) => decimalText(text, decimalPlaces));
}

const datetimeSchema = z
  .string()
  .regex(DATETIME, DATETIME_MESSAGE)
  .meta({ format: "date-time" })
  .transform((text, ctx) => {
    // A value without a zone is read as UTC, the zone the app stores and shows.
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
    const instant = new Date(zoned.replace(" ", "T"));
    // Year 0 parses in JavaScript, but PostgreSQL has no year 0 (1 BC): refused, as Django does.
    if (Number.isNaN(instant.getTime()) || instant.getUTCFullYear() < 1) {
      ctx.addIssue({ code: "custom", message: DATETIME_MESSAGE });
      return z.NEVER;
    }
    return instant.toISOString();
  });

// A uuid column's schema (SQLite keeps a uuid as text), the value read in lower case.
const uuidOf = (column: z.ZodType) =>
  (column instanceof z.ZodUUID ? column : z.uuid()).transform((text) => text.toLowerCase());

const isUuidRef = (field: Field): boolean => field.kind === "ref" && entityByName.get(field.target)?.pk.kind === "uuid";

// The schema of one field's value, from drizzle-zod's schema of its column and the field's definition.
function valueSchema(field: Field, column: z.ZodType): z.ZodType {
  switch (field.kind) {
    case "str": {
      const text = atMost(column, field.maxLength);
      return storable(field.required ? text.min(1) : text);
    }
    case "text":
      return storable(column instanceof z.ZodString ? column : z.string());
    case "email":
      return z.email().max(EMAIL_MAX_LENGTH);
    case "url":
      return z.url({ protocol: /^(https?|ftps?)$/, hostname: z.regexes.domain }).max(URL_MAX_LENGTH);
    case "uuid":
      return uuidOf(column);
    case "enum":
      return column;
    case "int":
      return integer(column);
    // drizzle-zod bounds a double to 2^47; the column takes any finite number.
    case "float":
      return z.number();
    case "decimal":
      return decimalSchema(field);
    case "bool":
      return column;
    // Both are text in JSON: a date column's schema is any string, a timestamp's a Date object.
    case "date":
      return z.iso.date();
    case "datetime":
      return datetimeSchema;
    case "ref":
      return isUuidRef(field) ? uuidOf(column) : integer(column).gte(1);
  }
}

// What each kind answers for a value of the wrong type or format, in Django REST framework's words.
const INVALID: Record<Field["kind"], string> = {
  str: "Not a valid string.",
  text: "Not a valid string.",
  email: "Enter a valid email address.",
  url: "Enter a valid URL.",
  uuid: "Must be a valid UUID.",
  enum: "Not a valid choice.",
  int: "A valid integer is required.",
  float: "A valid number is required.",
  decimal: "A valid number is required.",
  bool: "Must be a valid boolean.",
  date: "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
  datetime: DATETIME_MESSAGE,
  ref: "Incorrect type. Expected pk value.",
};

// The message of a zod issue about `field`, as Django REST framework words it.
function drfMessage(field: Field, issue: z.core.$ZodRawIssue): string {
  const { input } = issue;
  if (input === undefined) return "This field is required.";
  if (input === null) return "This field may not be null.";
  if (input === "" && field.kind !== "bool") return "This field may not be blank.";
  const missingPk = `Invalid pk "${asText(input)}" - object does not exist.`;
  switch (issue.code) {
    case "too_big":
      return issue.origin === "string"
        ? `Ensure this field has no more than ${String(issue.maximum)} characters.`
        : `Ensure this value is less than or equal to ${String(issue.maximum)}.`;
    case "too_small":
      return field.kind === "ref"
        ? missingPk
        : `Ensure this value is greater than or equal to ${String(issue.minimum)}.`;
    case "invalid_value":
      return `"${asText(input)}" is not a valid choice.`;
    case "invalid_format":
      return field.kind === "ref" ? missingPk : INVALID[field.kind];
    default:
      // A ref to an integer pk is an integer first.
      return field.kind === "ref" && !isUuidRef(field) ? INVALID.int : INVALID[field.kind];
  }
}

const BOOLEANS = new Map([
  ["true", true],
  ["1", true],
  ["on", true],
  ["yes", true],
  ["false", false],
  ["0", false],
  ["off", false],
  ["no", false],
]);

// A value as sent, taken as the value it means: a number or a boolean sent as text, surrounding spaces where
// they cannot belong. An empty value (null, "", spaces) of a field that may be empty is null; of one that may
// not, it is kept, for the schema to refuse ("This field may not be blank.").
function loosen(field: Field, value: unknown): unknown {
  if (value === null || (typeof value === "string" && value.trim() === "")) {
    return field.required || field.kind === "bool" ? (value === null ? null : "") : null;
  }
  if (typeof value === "number" && field.kind === "decimal") return Number.isFinite(value) ? String(value) : value;
  if (typeof value !== "string" || ["str", "text", "enum"].includes(field.kind)) return value;
  const text = value.trim();
  if (field.kind === "int" || (field.kind === "ref" && !isUuidRef(field)))
    return INTEGER.test(text) ? Number(text) : text;
  if (field.kind === "float") return NUMBER.test(text) ? Number(text) : text;
  if (field.kind === "bool") return BOOLEANS.get(text.toLowerCase()) ?? value;
  return text;
}

type Refinements = Record<string, (column: z.ZodType) => z.ZodType>;

// drizzle-zod's refinements of an entity's table: each field's schema; on a create, what has a default (or is
// a bool: false) may be left out although its column is NOT NULL.
function refinements(entity: Entity, { create }: { create: boolean }): Refinements {
  return Object.fromEntries(
    entity.fields.map((field) => [
      field.name,
      (column: z.ZodType) => {
        const schema = valueSchema(field, column);
        return create && (field.default !== undefined || field.kind === "bool") ? schema.optional() : schema;
      },
    ]),
  );
}

const tableOf = (entity: Entity) => {
  const table = entityTables[entity.name];
  if (!table) throw new Error(`${entity.name} has no table in schema.ts`);
  return table;
};
// The fields of `schema` a user sets (not the pk, not the automatic dates).
const editable = (entity: Entity, schema: z.ZodObject) =>
  z.object(Object.fromEntries(editableFields(entity).map(({ name }) => [name, schema.shape[name] as z.ZodType])));

export interface EntitySchemas {
  // A create or a replace (POST, PUT): every field, required ones given.
  create: z.ZodObject;
  // A partial update (PATCH): any of the fields.
  update: z.ZodObject;
  // An object as the API shows it.
  object: z.ZodObject;
}

function schemasOf(entity: Entity): EntitySchemas {
  const table = tableOf(entity);
  const pk = entity.pk.kind === "uuid" ? { [entity.pk.name]: () => z.uuid() } : {};
  // The tables are typed as any table of the dialect (schema.ts), so the refinements' keys are checked here,
  // against the entity, rather than by drizzle-zod's types.
  const create: z.ZodObject = createInsertSchema(table, refinements(entity, { create: true }) as never);
  const update: z.ZodObject = createUpdateSchema(table, refinements(entity, { create: false }) as never);
  const object: z.ZodObject = createSelectSchema(table, { ...refinements(entity, { create: false }), ...pk } as never);
  return { create: editable(entity, create), update: editable(entity, update), object };
}

// Every entity's schemas, by entity name.
export const entitySchemas: ReadonlyMap<string, EntitySchemas> = new Map(
  [...entityByName.values()].map((entity) => [entity.name, schemasOf(entity)]),
);

// { data, errors }: `data` holds the fields that were sent, cleaned; `errors` is {"field": ["message"]} or null.
export function validate(
  entity: Entity,
  input: unknown,
  { partial = false }: { partial?: boolean } = {},
): { data: Record<string, Value>; errors: null } | { data: null; errors: FieldErrors } {
  const body: Record<string, unknown> = input && typeof input === "object" && !Array.isArray(input) ? { ...input } : {};
  const fields = editableFields(entity);
  const sent = Object.fromEntries(
    fields.filter(({ name }) => name in body).map((field) => [field.name, loosen(field, body[field.name])]),
  );
  const schemas = entitySchemas.get(entity.name);
  if (!schemas) throw new Error(`${entity.name} has no schemas`);
  const byName = new Map(fields.map((field) => [field.name, field]));
  const result = (partial ? schemas.update : schemas.create).safeParse(sent, {
    error: (issue) => {
      const field = byName.get(String(issue.path?.[0]));
      return field ? drfMessage(field, issue) : undefined;
    },
  });
  if (result.success) {
    const data: Record<string, Value> = {};
    for (const [name, value] of Object.entries(result.data as Record<string, Value>)) {
      const field = byName.get(name);
      // Text-like fields keep an empty value as "" (entities.ts).
      data[name] = value === null && field && storesBlankAsEmpty(field) ? "" : value;
    }
    return { data, errors: null };
  }
  const errors: FieldErrors = {};
  for (const [name, messages] of Object.entries(z.flattenError(result.error).fieldErrors))
    if (messages) errors[name] = [...new Set(messages)];
  return { data: null, errors };
}

// A submitted HTML form as the API would receive it: an unticked checkbox is not sent at all, so it is false.
export function fromForm(entity: Entity, form: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of editableFields(entity)) {
    const value = form[field.name];
    if (field.kind === "bool") {
      input[field.name] = value !== undefined && BOOLEANS.get(asText(value).toLowerCase()) !== false;
    } else {
      input[field.name] = value === undefined ? "" : value;
    }
  }
  return input;
}

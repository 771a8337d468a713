// Input validation with zod, built from the entity definitions in entities.ts.
//
// `schemaFor(entity, { partial })` is a zod object schema of an entity's editable fields; `validate()` runs it
// and answers Django REST framework's error shape, {"field": ["message", ...]}, which the API returns with 400
// and the forms show beside each input. Rules that need the database (a ref must exist, a unique value must
// be free) are checked by records.ts afterwards.
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

// What failed validation answers: {"field": ["message", ...]}.
export type FieldErrors = Record<string, string[]>;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A datetime-local input sends 2026-01-31T09:30; the API may add seconds, fractions and a zone.
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const trimmed = (value: unknown): unknown => (typeof value === "string" ? value.trim() : value);

// The range of an `integer` column in PostgreSQL (and of Django's IntegerField): a larger value is refused here,
// not by the database.
export const INT_MAX = 2147483647;
const INT_MIN = -INT_MAX - 1;

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
const wellFormed = (schema: z.ZodType<string>) =>
  schema.refine((text) => text.isWellFormed(), { error: (issue) => surrogateMessage(asText(issue.input)) });

function isValidDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year = 0, month = 0, day = 0] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// 12.5 -> "12.50" for decimal(5,2); a value with too many digits is refused, never rounded.
function decimalSchema({ maxDigits, decimalPlaces }: { maxDigits: number; decimalPlaces: number }) {
  return z.preprocess(
    (value) => (typeof value === "number" && Number.isFinite(value) ? String(value) : trimmed(value)),
    z
      .string({ error: "A valid number is required." })
      .superRefine((text, ctx) => {
        if (!NUMBER.test(text)) {
          ctx.addIssue({ code: "custom", message: "A valid number is required." });
          return;
        }
        const [whole = "", fraction = ""] = text.replace(/^[+-]/, "").split(".");
        const wholeDigits = whole.replace(/^0+/, "").length;
        if (fraction.replace(/0+$/, "").length > decimalPlaces) {
          ctx.addIssue({
            code: "custom",
            message: `Ensure that there are no more than ${decimalPlaces} decimal places.`,
          });
        } else if (wholeDigits > maxDigits - decimalPlaces) {
          ctx.addIssue({
            code: "custom",
            message: `Ensure that there are no more than ${maxDigits - decimalPlaces} digits before the decimal point.`,
          });
        }
      })
      .transform((text) => {
        const negative = text.startsWith("-");
        const [whole = "", fraction = ""] = text.replace(/^[+-]/, "").split(".");
        const digits = `${whole.replace(/^0+(?=\d)/, "") || "0"}${decimalPlaces ? "." : ""}${fraction.padEnd(decimalPlaces, "0").slice(0, decimalPlaces)}`;
        return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
      }),
  );
}

function numberSchema(integer: boolean) {
  const message = integer ? "A valid integer is required." : "A valid number is required.";
  const pattern = integer ? INTEGER : NUMBER;
  return z.preprocess(
    (value) => (typeof value === "string" && pattern.test(value.trim()) ? Number(value.trim()) : value),
    integer
      ? z
          .number({ error: message })
          .int(message)
          .min(INT_MIN, `Ensure this value is greater than or equal to ${INT_MIN}.`)
          .max(INT_MAX, `Ensure this value is less than or equal to ${INT_MAX}.`)
      : z.number({ error: message }).finite(message),
  );
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

// The zod schema of one present, non-empty value: what the API accepts, turned into what is stored.
export function valueSchema(field: Field, targets: ReadonlyMap<string, Entity> = entityByName): z.ZodType<Value> {
  switch (field.kind) {
    case "str":
      return wellFormed(
        z
          .string({ error: "Not a valid string." })
          .max(field.maxLength, `Ensure this field has no more than ${field.maxLength} characters.`)
          .refine(noNul, NUL_MESSAGE),
      );
    case "text":
      return wellFormed(z.string({ error: "Not a valid string." }).refine(noNul, NUL_MESSAGE));
    case "email":
      return z.preprocess(
        trimmed,
        z
          .string({ error: "Enter a valid email address." })
          .max(254, "Ensure this field has no more than 254 characters.")
          .pipe(z.email({ error: "Enter a valid email address." })),
      );
    case "url":
      return z.preprocess(
        trimmed,
        z
          .string({ error: "Enter a valid URL." })
          .max(500, "Ensure this field has no more than 500 characters.")
          .pipe(z.url({ protocol: /^(https?|ftps?)$/, hostname: z.regexes.domain, error: "Enter a valid URL." })),
      );
    case "uuid":
      return z.preprocess(
        trimmed,
        z.uuid({ error: "Must be a valid UUID." }).transform((text) => text.toLowerCase()),
      );
    case "enum":
      return z.enum(field.choices, { error: (issue) => `"${asText(issue.input)}" is not a valid choice.` });
    case "int":
      return numberSchema(true);
    case "float":
      return numberSchema(false);
    case "decimal":
      return decimalSchema(field);
    case "bool":
      return z.preprocess(
        (value) =>
          typeof value === "string" && BOOLEANS.has(value.trim().toLowerCase())
            ? BOOLEANS.get(value.trim().toLowerCase())
            : value,
        z.boolean({ error: "Must be a valid boolean." }),
      );
    case "date":
      return z.preprocess(
        trimmed,
        z
          .string({ error: "Date has wrong format. Use one of these formats instead: YYYY-MM-DD." })
          .refine(isValidDate, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."),
      );
    case "datetime":
      return z.preprocess(
        trimmed,
        z
          .string({ error: "Datetime has wrong format. Use ISO 8601, e.g. 2026-01-31T09:30:00Z." })
          .regex(DATETIME, "Datetime has wrong format. Use ISO 8601, e.g. 2026-01-31T09:30:00Z.")
          .transform((text, ctx) => {
            // A value without a zone is read as UTC, the zone the app stores and shows.
            const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
            const instant = new Date(zoned.replace(" ", "T"));
            // Year 0 parses in JavaScript, but PostgreSQL has no year 0 (1 BC): refused, as Django does.
            if (Number.isNaN(instant.getTime()) || instant.getUTCFullYear() < 1) {
              ctx.addIssue({
                code: "custom",
                message: "Datetime has wrong format. Use ISO 8601, e.g. 2026-01-31T09:30:00Z.",
              });
              return z.NEVER;
            }
            return instant.toISOString();
          }),
      );
    case "ref": {
      const target = targets.get(field.target);
      if (!target) throw new Error(`${field.name} refers to an unknown entity ${field.target}`);
      if (target.pk.kind === "uuid") {
        return z.preprocess(
          trimmed,
          z
            .string({ error: "Incorrect type. Expected pk value." })
            .pipe(z.uuid({ error: (issue) => `Invalid pk "${asText(issue.input)}" - object does not exist.` }))
            .transform((text) => text.toLowerCase()),
        );
      }
      return numberSchema(true).refine((value) => value > 0, {
        error: (issue) => `Invalid pk "${asText(issue.input)}" - object does not exist.`,
      });
    }
  }
}

// A field that was not sent. validate() puts it in for every missing key: a zod object would otherwise skip the
// field's schema (and its "This field is required.") for a missing key.
const ABSENT = Symbol("absent");

// A field in a request: absent, null and "" first (required or not), then the value itself.
function fieldSchema(field: Field, targets: ReadonlyMap<string, Entity>, { partial }: { partial: boolean }) {
  const value = valueSchema(field, targets);
  const mustBeGiven = field.required && field.default === undefined && field.kind !== "bool";
  const keepsEmpty = storesBlankAsEmpty(field);
  return z.unknown().transform((input, ctx): Value | typeof ABSENT => {
    if (input === ABSENT || input === undefined) {
      if (mustBeGiven && !partial) {
        ctx.addIssue({ code: "custom", message: "This field is required." });
        return z.NEVER;
      }
      return ABSENT;
    }
    if (input === null || (typeof input === "string" && input.trim() === "")) {
      if (field.required) {
        ctx.addIssue({
          code: "custom",
          message: input === null ? "This field may not be null." : "This field may not be blank.",
        });
        return z.NEVER;
      }
      // A bool is true or false (its column is NOT NULL): no value is no answer, as in Django REST framework.
      if (field.kind === "bool") {
        ctx.addIssue({
          code: "custom",
          message: input === null ? "This field may not be null." : "Must be a valid boolean.",
        });
        return z.NEVER;
      }
      return keepsEmpty ? "" : null;
    }
    const parsed = value.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message });
      }
      return z.NEVER;
    }
    return parsed.data;
  });
}

const schemas = new Map<string, z.ZodType<Record<string, Value | typeof ABSENT>>>();

// The zod object schema of an entity's editable fields (`partial`: for PATCH, every field may be left out).
export function schemaFor(
  entity: Entity,
  targets: ReadonlyMap<string, Entity>,
  { partial = false }: { partial?: boolean } = {},
) {
  const key = `${entity.name}:${partial}`;
  const cached = schemas.get(key);
  if (!cached) {
    const shape = Object.fromEntries(
      editableFields(entity).map((field) => [field.name, fieldSchema(field, targets, { partial })]),
    );
    const schema = z.object(shape);
    schemas.set(key, schema);
    return schema;
  }
  return cached;
}

// { data, errors }: `data` holds the fields that were sent, cleaned; `errors` is {"field": ["message"]} or null.
export function validate(
  entity: Entity,
  targets: ReadonlyMap<string, Entity>,
  input: unknown,
  { partial = false }: { partial?: boolean } = {},
): { data: Record<string, Value>; errors: null } | { data: null; errors: FieldErrors } {
  const body: Record<string, unknown> = input && typeof input === "object" && !Array.isArray(input) ? { ...input } : {};
  const complete = Object.fromEntries(
    editableFields(entity).map(({ name }) => [name, name in body ? body[name] : ABSENT]),
  );
  const result = schemaFor(entity, targets, { partial }).safeParse(complete);
  if (result.success) {
    const data: Record<string, Value> = {};
    for (const [name, value] of Object.entries(result.data)) if (value !== ABSENT) data[name] = value;
    return { data, errors: null };
  }
  const errors: FieldErrors = {};
  for (const [name, messages] of Object.entries(z.flattenError(result.error).fieldErrors))
    if (messages) errors[name] = messages;
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

// The OpenAPI 3.0 description of the JSON API, built from the entity definitions in entities.ts (as
// drf-spectacular describes the Django rungs' API): every entity's list, create, detail, update, partial update
// and delete, with request and response schemas that carry the rules validation.ts enforces (types, lengths,
// choices, formats, required fields). Served at GET /api/schema/; tools such as schemathesis or an API client
// generator read it.
import { editableFields, entities, storesBlankAsEmpty, targetOf, type Entity, type Field } from "./entities.ts";
import { INT_MAX } from "./validation.ts";

// The parts of an OpenAPI 3.0 schema object this document uses.
export interface Schema {
  type?: "string" | "integer" | "number" | "boolean" | "object" | "array";
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  nullable?: boolean;
  readOnly?: boolean;
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema;
  $ref?: string;
}

const pascal = (name: string): string =>
  name.replace(/(^|_)(\w)/g, (_match, _sep, letter: string) => letter.toUpperCase());

function pkSchema(entity: Entity): Schema {
  return entity.pk.kind === "int"
    ? { type: "integer", minimum: 1, maximum: INT_MAX }
    : { type: "string", format: "uuid" };
}

// The schema of one stored value, as the API shows it and takes it.
function valueSchema(field: Field): Schema {
  switch (field.kind) {
    case "str":
      return { type: "string", maxLength: field.maxLength };
    case "text":
      return { type: "string" };
    case "email":
      return { type: "string", format: "email", maxLength: 254 };
    case "url":
      return { type: "string", format: "uri", maxLength: 500 };
    case "uuid":
      return { type: "string", format: "uuid" };
    case "enum":
      return {
        type: "string",
        enum: storesBlankAsEmpty(field) && !field.required ? [...field.choices, ""] : [...field.choices],
      };
    case "int":
      return { type: "integer", minimum: -INT_MAX - 1, maximum: INT_MAX };
    case "float":
      return { type: "number", format: "double" };
    case "decimal": {
      const whole = field.maxDigits - field.decimalPlaces;
      const fraction = field.decimalPlaces ? `(\\.\\d{0,${field.decimalPlaces}})?` : "";
      return { type: "string", format: "decimal", pattern: `^-?\\d{0,${whole}}${fraction}$` };
    }
    case "bool":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "datetime":
      return { type: "string", format: "date-time" };
    case "ref":
      return pkSchema(targetOf(field));
  }
}

// A field that may hold no value: null, except text-like fields, which keep "" (entities.ts).
function fieldSchema(field: Field): Schema {
  const schema = valueSchema(field);
  if (field.required && schema.type === "string" && !schema.enum) schema.minLength = 1;
  if (!field.required && !storesBlankAsEmpty(field)) schema.nullable = true;
  return schema;
}

// A field a create or replace must send (validation.ts: required, no default, not a bool).
const mustBeGiven = (field: Field): boolean =>
  field.required === true && field.default === undefined && field.kind !== "bool";

function componentsOf(entity: Entity): Record<string, Schema> {
  const name = pascal(entity.name);
  const editable = editableFields(entity);
  const fields = Object.fromEntries(editable.map((field) => [field.name, fieldSchema(field)]));
  const object: Schema = {
    type: "object",
    properties: {
      [entity.pk.name]: { ...pkSchema(entity), readOnly: true },
      ...Object.fromEntries(
        entity.fields.map((field) => [
          field.name,
          { ...fieldSchema(field), ...(field.autoAdd || field.autoNow ? { readOnly: true } : {}) },
        ]),
      ),
    },
    required: [entity.pk.name, ...entity.fields.map((field) => field.name)],
  };
  const required = editable.filter(mustBeGiven).map((field) => field.name);
  return {
    [name]: object,
    [`${name}Request`]: { type: "object", properties: fields, ...(required.length ? { required } : {}) },
    [`Patched${name}Request`]: { type: "object", properties: fields },
    [`Paginated${name}List`]: {
      type: "object",
      required: ["count", "results"],
      properties: {
        count: { type: "integer", example: 123 },
        // Present and true when `count` is PostgreSQL's estimate (many rows, see src/records.ts).
        count_is_estimate: { type: "boolean" },
        next: { type: "string", nullable: true, format: "uri" },
        previous: { type: "string", nullable: true, format: "uri" },
        results: { type: "array", items: { $ref: `#/components/schemas/${name}` } },
      },
    },
  };
}

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const answer = (description: string, ref?: string) => ({ description, ...(ref ? { content: json(ref) } : {}) });
const WRITE = [{ tokenAuth: [] }];
const READ = [{ tokenAuth: [] }, {}];
const REFUSED = {
  400: answer('The input breaks a rule: {"field": ["message", ...]}; nothing is stored.', "ValidationErrors"),
  401: answer("No valid token.", "Detail"),
};

function pathsOf(entity: Entity) {
  const name = pascal(entity.name);
  const tag = entity.plural;
  const pk = { name: entity.pk.name, in: "path", required: true, schema: pkSchema(entity) };
  const filters = entity.filters.map((field) => ({
    name: field,
    in: "query",
    required: false,
    schema: { type: "string" },
  }));
  const body = (ref: string) => ({ required: true, content: json(ref) });
  const notFound = { 404: answer("No such object.", "Detail") };
  return {
    [`/api/${entity.plural}/`]: {
      get: {
        operationId: `${entity.plural}_list`,
        tags: [tag],
        security: READ,
        parameters: [
          { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1 } },
          {
            name: "q",
            in: "query",
            required: false,
            description: "Searches every text field.",
            schema: { type: "string" },
          },
          ...filters,
        ],
        responses: {
          200: answer("One page of 20 objects.", `Paginated${name}List`),
          404: answer("No such page.", "Detail"),
        },
      },
      post: {
        operationId: `${entity.plural}_create`,
        tags: [tag],
        security: WRITE,
        requestBody: body(`${name}Request`),
        responses: { 201: answer("Created.", name), ...REFUSED },
      },
    },
    [`/api/${entity.plural}/{${entity.pk.name}}/`]: {
      parameters: [pk],
      get: {
        operationId: `${entity.plural}_retrieve`,
        tags: [tag],
        security: READ,
        responses: { 200: answer("The object.", name), ...notFound },
      },
      put: {
        operationId: `${entity.plural}_update`,
        tags: [tag],
        security: WRITE,
        requestBody: body(`${name}Request`),
        responses: { 200: answer("Replaced.", name), ...REFUSED, ...notFound },
      },
      patch: {
        operationId: `${entity.plural}_partial_update`,
        tags: [tag],
        security: WRITE,
        requestBody: body(`Patched${name}Request`),
        responses: { 200: answer("Changed.", name), ...REFUSED, ...notFound },
      },
      delete: {
        operationId: `${entity.plural}_destroy`,
        tags: [tag],
        security: WRITE,
        responses: {
          204: answer("Deleted."),
          401: REFUSED[401],
          ...notFound,
          409: answer("Other objects still refer to this one.", "Detail"),
        },
      },
    },
  };
}

let document: Record<string, unknown> | null = null;

// The whole document (built once: it depends on entities.ts alone).
export function openapiDocument(): Record<string, unknown> {
  document ??= {
    openapi: "3.0.3",
    info: {
      title: "API",
      version: "1.0.0",
      description: "Reads are public; writes need `Authorization: Token <token>`.",
    },
    paths: {
      "/api/auth/token/": {
        post: {
          operationId: "auth_token_create",
          tags: ["auth"],
          security: [],
          requestBody: { required: true, content: json("TokenRequest") },
          responses: {
            200: answer("The user's token.", "Token"),
            400: answer("Wrong user name or password.", "ValidationErrors"),
          },
        },
      },
      ...Object.fromEntries(entities.flatMap((entity) => Object.entries(pathsOf(entity)))),
    },
    components: {
      schemas: {
        ...Object.fromEntries(entities.flatMap((entity) => Object.entries(componentsOf(entity)))),
        TokenRequest: {
          type: "object",
          required: ["username", "password"],
          properties: { username: { type: "string", minLength: 1 }, password: { type: "string", minLength: 1 } },
        },
        Token: { type: "object", required: ["token"], properties: { token: { type: "string", readOnly: true } } },
        Detail: { type: "object", required: ["detail"], properties: { detail: { type: "string" } } },
        ValidationErrors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
      },
      securitySchemes: {
        tokenAuth: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: 'Token-based authentication with the prefix "Token ".',
        },
      },
    },
  };
  return document;
}

// The OpenAPI 3.0 description of the JSON API (as drf-spectacular describes the Django rungs' API): every
// entity's list, create, detail, update, partial update and delete. The request and response schemas are zod's
// own JSON Schema output (z.toJSONSchema, OpenAPI 3.0 flavour) of the schemas validation.ts validates with, so
// the document states the rules the API enforces (types, lengths, choices, formats, required fields) and cannot
// drift from them. Served at GET /api/schema/; tools such as schemathesis or an API client generator read it.
import { z } from "zod";
import { entities, type Entity } from "./entities.ts";
import { INT_MAX, entitySchemas } from "./validation.ts";

type Schema = Record<string, unknown>;

const pascal = (name: string): string =>
  name.replace(/(^|_)(\w)/g, (_match, _sep, letter: string) => letter.toUpperCase());

// A zod schema as an OpenAPI 3.0 schema object: what a request may send (a decimal sent as 12.5 is a string).
function openapiSchema(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "openapi-3.0",
    io: "input",
    unrepresentable: "any",
  });
  return rest;
}

function pkSchema(entity: Entity): Schema {
  return entity.pk.kind === "int"
    ? { type: "integer", minimum: 1, maximum: INT_MAX }
    : { type: "string", format: "uuid" };
}

// An object as the API shows it: every column; the pk and the automatic dates are read-only.
function objectSchema(entity: Entity, schema: z.ZodObject): Schema {
  const object = openapiSchema(schema);
  const properties = object.properties as Record<string, Schema>;
  const automatic = entity.fields.filter((field) => field.autoAdd || field.autoNow).map((field) => field.name);
  for (const name of [entity.pk.name, ...automatic]) properties[name] = { ...properties[name], readOnly: true };
  return object;
}

const PAGE = z.object({
  count: z.int().min(0).meta({ example: 123 }),
  // Present and true when `count` is PostgreSQL's estimate (many rows, see src/records.ts).
  count_is_estimate: z.boolean().optional(),
  next: z.url().nullable().optional(),
  previous: z.url().nullable().optional(),
});

function componentsOf(entity: Entity): Record<string, Schema> {
  const name = pascal(entity.name);
  const schemas = entitySchemas.get(entity.name);
  if (!schemas) throw new Error(`${entity.name} has no schemas`);
  const page = openapiSchema(PAGE);
  return {
    [name]: objectSchema(entity, schemas.object),
    [`${name}Request`]: openapiSchema(schemas.create),
    [`Patched${name}Request`]: openapiSchema(schemas.update),
    [`Paginated${name}List`]: {
      ...page,
      required: ["count", "results"],
      properties: {
        ...(page.properties as Record<string, Schema>),
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
        TokenRequest: openapiSchema(z.object({ username: z.string().min(1), password: z.string().min(1) })),
        Token: openapiSchema(z.object({ token: z.string().meta({ readOnly: true }) })),
        Detail: openapiSchema(z.object({ detail: z.string() })),
        ValidationErrors: openapiSchema(z.record(z.string(), z.array(z.string()))),
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

import assert from "node:assert/strict";
import { test } from "node:test";
import { editableFields } from "../src/entities.ts";
import { api, entities, useApp } from "./helpers.ts";

const app = useApp();

test("/api/schema/ describes every entity's operations and rules", async () => {
  const { status, body } = await api(app.url)("GET", "/api/schema/");
  assert.equal(status, 200);
  assert.equal(body.openapi, "3.0.3");
  assert.deepEqual(body.components.securitySchemes.tokenAuth, {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: 'Token-based authentication with the prefix "Token ".',
  });
  for (const entity of entities) {
    const list = body.paths[`/api/${entity.plural}/`];
    const detail = body.paths[`/api/${entity.plural}/{${entity.pk.name}}/`];
    assert.deepEqual(Object.keys(list), ["get", "post"]);
    assert.deepEqual(Object.keys(detail), ["parameters", "get", "put", "patch", "delete"]);
    assert.deepEqual(list.post.security, [{ tokenAuth: [] }]);
    const schemas = body.components.schemas;
    const name = entity.name;
    const request = schemas[`${name}Request`];
    assert.deepEqual(
      Object.keys(request.properties),
      editableFields(entity).map((f) => f.name),
    );
    assert.equal(schemas[`Patched${name}Request`].required, undefined, "a partial update requires nothing");
    for (const field of editableFields(entity)) {
      const property = request.properties[field.name];
      if (field.kind === "str") assert.equal(property.maxLength, field.maxLength);
      if (field.kind === "enum") for (const choice of field.choices) assert.ok(property.enum.includes(choice));
      if (field.required && field.default === undefined && field.kind !== "bool")
        assert.ok(request.required.includes(field.name));
    }
    assert.deepEqual(schemas[name].required, [entity.pk.name, ...entity.fields.map((f) => f.name)]);
    assert.deepEqual(Object.keys(schemas[`Paginated${name}List`].properties), [
      "count",
      "count_is_estimate",
      "next",
      "previous",
      "results",
    ]);
  }
});

test("the schema's formats are the ones validation.ts enforces", async () => {
  const { body } = await api(app.url)("GET", "/api/schema/");
  const formats: Partial<Record<string, string>> = {
    email: "email",
    url: "uri",
    uuid: "uuid",
    date: "date",
    datetime: "date-time",
  };
  for (const entity of entities) {
    const properties = body.components.schemas[entity.name].properties;
    for (const field of entity.fields) {
      const format = formats[field.kind];
      if (format) assert.equal(properties[field.name].format, format, field.name);
      if (field.kind === "int") assert.equal(properties[field.name].maximum, 2147483647);
    }
  }
});

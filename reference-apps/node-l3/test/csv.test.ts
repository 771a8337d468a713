// CSV export: a cell a spreadsheet would run as a formula is written with a leading ', and read back exactly.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { ROOT } from "../src/config.ts";
import { csvStream, fromCsvCell, toCsvCell } from "../src/csv.ts";
import { Records } from "../src/records.ts";
import type { ListQuery } from "../src/records.ts";
import { api, createOneOfEach, entities, getToken, present, useApp } from "./helpers.ts";

const app = useApp();
const HOSTILE = ['=HYPERLINK("http://x")', "+SUM(1)", "-2+3", "@cmd", "\tcell", "\rcell", "'=already quoted"];

test("formula-looking cells get a leading ', numbers and plain text do not, and every cell reads back", () => {
  for (const value of HOSTILE) {
    assert.equal(toCsvCell(value), `'${value}`, value);
    assert.equal(fromCsvCell(toCsvCell(value)), value, value);
  }
  for (const value of ["-5", "+1.5", "-0.25e3", "plain", "", "a=b", "it's"]) {
    assert.equal(toCsvCell(value), value, value);
    assert.equal(fromCsvCell(value), value, value);
  }
});

test("csvStream writes a header, CRLF rows, quotes where needed and true/false", async () => {
  async function* objects() {
    yield { a: "=1+1", b: -3, c: true };
    yield { a: 'say "hi", twice', b: null, c: false };
    yield { a: "line\rbreak", b: "", c: true };
  }
  let text = "";
  for await (const chunk of await csvStream(["a", "b", "c"], objects())) text += String(chunk);
  assert.equal(text, `a,b,c\r\n'=1+1,-3,true\r\n"say ""hi"", twice",,false\r\n"line\rbreak",,true\r\n`);
});

const entity = entities.find((e) => e.fields.some((f) => f.kind === "str" && !f.unique));
test("/export.csv neutralizes a stored formula", { skip: !entity && "no entity has a str field" }, async () => {
  const call = api(app.url, await getToken(app.url));
  const made = await createOneOfEach(call);
  const exported = present(entity);
  const field = present(exported.fields.find((f) => f.kind === "str" && !f.unique));
  const pk = String(present(made[exported.name])[exported.pk.name]);
  const value = '=HYPERLINK("http://example.com")'.slice(0, field.kind === "str" ? field.maxLength : undefined);
  const patched = await call("PATCH", `/api/${exported.plural}/${pk}/`, { [field.name]: value });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  const csv = await (await fetch(`${app.url}/${exported.plural}/export.csv`)).text();
  const row = present(csv.split("\r\n").find((line) => line.startsWith(`${pk},`)));
  assert.ok(row.includes(`"'${value.replaceAll('"', '""')}"`) || row.includes(`'${value}`), row);
});

// The Express app runs in this process, so the test can make the database fail after the first row.
const inProcess = fs.existsSync(`${ROOT}/src/app.ts`) ? false : "the Next.js server runs in another process";
test("an export that fails midway is a failed download, not a complete-looking 200", { skip: inProcess }, async (t) => {
  const call = api(app.url, await getToken(app.url));
  await createOneOfEach(call);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back after the test, and called with its `this`
  const iterate = Records.prototype.iterate;
  t.after(() => {
    Records.prototype.iterate = iterate;
  });
  Records.prototype.iterate = async function* failingMidway(this: Records, query?: ListQuery) {
    for await (const object of iterate.call(this, query)) {
      yield object;
      throw new Error("the database went away");
    }
  };
  const target = present(entities[0]);
  const response = await fetch(`${app.url}/${target.plural}/export.csv`);
  assert.equal(response.status, 200, "the header row went out before the failure");
  await assert.rejects(response.text(), "the body ends as a broken connection");
});

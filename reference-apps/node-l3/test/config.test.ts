// The configuration's safe defaults: DEBUG off, no start without a real SECRET_KEY, a loopback server while
// debugging, and an .env.example that never pairs DEBUG with a fixed key.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseEnv } from "node:util";
import { ConfigError, EXAMPLE_SECRET_KEY, ROOT, readConfig } from "../src/config.ts";

const KEY = "k".repeat(32);

test("DEBUG is off unless set", () => {
  assert.equal(readConfig({ SECRET_KEY: KEY }).debug, false);
  assert.equal(readConfig({ DEBUG: "true" }).debug, true);
});

test("with DEBUG off, a missing, short or example SECRET_KEY is refused in one sentence naming it", () => {
  for (const value of [undefined, "", "k".repeat(31), EXAMPLE_SECRET_KEY]) {
    assert.throws(
      () => readConfig({ DEBUG: "false", SECRET_KEY: value }),
      (error) =>
        error instanceof ConfigError && /^SECRET_KEY must be/.test(error.message) && !error.message.includes("\n"),
      String(value),
    );
  }
  assert.equal(readConfig({ DEBUG: "false", SECRET_KEY: KEY }).secretKey, KEY);
});

test("with DEBUG on and no SECRET_KEY, the process signs with a random key of its own", () => {
  const first = readConfig({ DEBUG: "true" }).secretKey;
  assert.ok(first.length >= 32);
  assert.equal(readConfig({ DEBUG: "true" }).secretKey, first, "the same key for the whole process");
});

test("with DEBUG on the server binds 127.0.0.1 unless HOST says otherwise", () => {
  assert.equal(readConfig({ DEBUG: "true" }).host, "127.0.0.1");
  assert.equal(readConfig({ DEBUG: "true", HOST: "0.0.0.0" }).host, "0.0.0.0");
  assert.equal(readConfig({ SECRET_KEY: KEY }).host, "0.0.0.0");
});

test(".env.example never turns DEBUG on with a fixed SECRET_KEY", () => {
  const example = parseEnv(fs.readFileSync(path.join(ROOT, ".env.example"), "utf8"));
  assert.ok(!(example.DEBUG === "true" && example.SECRET_KEY), "DEBUG=true beside a constant SECRET_KEY");
  if (example.SECRET_KEY !== undefined) assert.ok(example.SECRET_KEY.length >= 32);
});

import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import { useApp } from "./helpers.ts";

const app = useApp();

test("/health/live/ answers ok", async () => {
  const response = await fetch(`${app.url}/health/live/`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: "ok" });
});
test("/health/ready/ checks the database, the cache and the broker", async () => {
  const response = await fetch(`${app.url}/health/ready/`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: "ok", checks: { database: "ok", cache: "ok", broker: "ok" } });
});

test("health answers are never cached", async () => {
  for (const path of ["/health/live/", "/health/ready/"]) {
    assert.equal((await fetch(`${app.url}${path}`)).headers.get("cache-control"), "no-store", path);
  }
});

test("an unknown path is a 404 without a stack trace", async () => {
  for (const path of ["/no-such-page/", "/api/no-such-endpoint/"]) {
    const response = await fetch(`${app.url}${path}`);
    assert.equal(response.status, 404);
    assert.doesNotMatch(await response.text(), /at .*\.[jt]s:\d+/);
  }
});

// fetch() may not set the Host header: node:http may.
function statusWithHost(path: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http
      .get(`${app.url}${path}`, { headers: { Host: host } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
      .on("error", reject);
  });
}

test("a host not in ALLOWED_HOSTS is refused, the health checks answer any host", async () => {
  assert.equal(await statusWithHost("/", "evil.example.com"), 400);
  assert.equal(await statusWithHost("/health/live/", "evil.example.com"), 200);
  assert.equal(await statusWithHost("/", "127.0.0.1"), 200);
});

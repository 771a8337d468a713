// X-Forwarded-* headers come from whoever sends the request: with no proxy configured in front (TRUST_PROXY
// unset), none of them changes the scheme or host of the API's absolute links.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, parseTrustProxy } from "../src/config.ts";
import { useApp } from "./helpers.ts";

const app = useApp();

test("forged X-Forwarded-Proto and X-Forwarded-Host leave the links on the validated host", async () => {
  const response = await fetch(`${app.url}/api/`, {
    headers: { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example", "X-Forwarded-For": "203.0.113.9" },
  });
  assert.equal(response.status, 200);
  for (const link of Object.values((await response.json()) as Record<string, string>)) {
    assert.ok(link.startsWith(`${app.url}/api/`), link);
  }
});

test("TRUST_PROXY is nobody, a number of hops, or proxy addresses; anything else is refused naming it", () => {
  assert.equal(parseTrustProxy(undefined), false);
  assert.equal(parseTrustProxy("false"), false);
  assert.equal(parseTrustProxy("1"), 1);
  assert.deepEqual(parseTrustProxy("loopback, 10.0.0.0/8, ::1"), ["loopback", "10.0.0.0/8", "::1"]);
  for (const bad of ["true", "proxy.example", "10.0.0.0/8/1"]) {
    assert.throws(
      () => parseTrustProxy(bad),
      (error) => error instanceof ConfigError && /^TRUST_PROXY must be/.test(error.message),
      bad,
    );
  }
});

// Security headers: a strict Content-Security-Policy (scripts and styles from the site only, nothing inline),
// no framing, and no HSTS over plain HTTP.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { ROOT } from "../src/config.ts";
import { creationOrder, present, useApp } from "./helpers.ts";

const app = useApp();
// Next.js writes inline scripts of its own into every page (its React Server Components payload), which a
// policy without per-request nonces would block.
const skip = fs.existsSync(`${ROOT}/src/app.ts`) ? false : "Next.js pages carry inline scripts of Next.js's own";

test("pages send a strict Content-Security-Policy and refuse framing", { skip }, async () => {
  for (const path of ["/", `/${present(creationOrder()[0]).plural}/`, "/accounts/login/"]) {
    const response = await fetch(`${app.url}${path}`);
    const policy = response.headers.get("content-security-policy") ?? "";
    assert.match(policy, /default-src 'self'/, path);
    assert.match(policy, /script-src 'self'(;|$)/, path);
    assert.match(policy, /style-src 'self'(;|$)/, path);
    assert.match(policy, /frame-ancestors 'none'/, path);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, path);
    assert.equal(response.headers.get("strict-transport-security"), null, `${path}: no HSTS over plain HTTP`);
    // Nothing inline for the policy to block: every script has a src, no element has a style attribute.
    const html = await response.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, path);
    assert.doesNotMatch(html, /<style|\sstyle="/, path);
  }
});

test("every page refuses framing and content-type sniffing", async () => {
  for (const path of ["/", `/${present(creationOrder()[0]).plural}/`, "/accounts/login/"]) {
    const response = await fetch(`${app.url}${path}`);
    assert.equal(response.headers.get("x-frame-options"), "DENY", path);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
    assert.match(response.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, path);
  }
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { redirectWithCookies, safeNext } from "../src/lib/auth.ts";

test("after logging in, next is followed to a path of this site only", () => {
  assert.equal(safeNext("/books/new/"), "/books/new/");
  assert.equal(safeNext("/books/?q=a%20b#top"), "/books/?q=a%20b#top");
  for (const elsewhere of ["//evil.example/", "/\\evil.example/", "https://evil.example/", "javascript:alert(1)"]) {
    assert.equal(safeNext(elsewhere), "/", elsewhere);
  }
  for (const missing of [null, undefined, "", "books/"]) assert.equal(safeNext(missing), "/");
});

test("a sign-in's redirect passes on every cookie the API set, as it set them", () => {
  const cookies = ["sessionid=abc; HttpOnly; Path=/; SameSite=Lax", "csrftoken=def; Path=/; SameSite=Lax"];
  const answer = { status: 200, body: null, setCookies: cookies, retryAfter: null };
  const response = redirectWithCookies("/books/", answer);
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), "/books/");
  assert.deepEqual(response.headers.getSetCookie(), cookies);
});

// The brute-force limit of signing in (src/throttle.ts): past a username's failures, both sign-in endpoints
// refuse, even with the right password, until the window has passed: 429 with Retry-After (on Next.js, proxy.ts
// answers the login form's post before its Server Action runs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { saveUser } from "../src/auth.ts";
import { FAILURES_PER_USERNAME, forgetSignIns } from "../src/throttle.ts";
import { api, browser, useApp } from "./helpers.ts";

const app = useApp();
const username = `guessed-${Math.random().toString(36).slice(2, 8)}`;
const password = "the right password";
test("after too many failed sign-ins for a username, the token endpoint and the login form answer 429", async (t) => {
  t.after(() => forgetSignIns(username));
  await saveUser(app.db, username, password);
  const call = api(app.url);
  for (let attempt = 0; attempt < FAILURES_PER_USERNAME; attempt += 1) {
    const wrong = await call("POST", "/api/auth/token/", { username, password: `wrong ${attempt}` });
    assert.equal(wrong.status, 400, `attempt ${attempt + 1} is checked`);
  }
  const refused = await call("POST", "/api/auth/token/", { username, password });
  assert.equal(refused.status, 429, "refused even with the right password");
  assert.ok(Number(refused.headers.get("retry-after")) > 0);
  assert.match(refused.body.detail, /Too many failed sign-ins/);

  const form = browser(app);
  await form.get("/accounts/login/");
  const login = await form.post("/accounts/login/", { username, password, next: "/" });
  assert.equal(login.status, 429);
  assert.match(login.text, /Too many failed sign-ins/);
});

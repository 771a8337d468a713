// CSRF. Express: tokens (src/csrf.ts, in the session), made when a page shows a form that needs one, so a
// visitor's other pages set no cookie, and checked on every form post that could act for a signed-in user.
// Next.js: every form posts to a Server Action, which Next.js runs only from a page of this site (Origin), and
// proxy.ts refuses another origin first. Both: a post from another site's page is refused.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { ROOT } from "../src/config.ts";
import { ADMIN, api, browser, createOneOfEach, creationOrder, getToken, present, signedIn, useApp } from "./helpers.ts";

const app = useApp();
const nextjs = !fs.existsSync(`${ROOT}/src/app.ts`);
const tokens = nextjs ? "Next.js: Server Actions carry no token of ours" : false;

test("a visitor's pages set no cookie and carry no CSRF token", async () => {
  const entity = present(creationOrder()[0]);
  const made = await createOneOfEach(api(app.url, await getToken(app.url)));
  const pk = String(present(made[entity.name])[entity.pk.name]);
  const paths = ["/", `/${entity.plural}/`, `/${entity.plural}/?q=x`, `/${entity.plural}/${pk}/`];
  for (const path of paths) {
    const response = await fetch(`${app.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.deepEqual(response.headers.getSetCookie(), [], path);
    assert.doesNotMatch(await response.text(), /_csrf|X-CSRF-Token/, path);
  }
});

test("the login page makes the token, and a signed-in user's pages carry it", { skip: tokens }, async () => {
  const login = await fetch(`${app.url}/accounts/login/`);
  assert.notDeepEqual(login.headers.getSetCookie(), []);
  assert.match(await login.text(), /name="_csrf" value="[\w-]{32}"/);
  const user = await signedIn(app);
  const page = await user.get(`/${present(creationOrder()[0]).plural}/new/`);
  assert.match(page.text, /name="_csrf" value="[\w-]{32}"/);
});

test("a login post from a browser that was never given a token is refused", { skip: tokens }, async () => {
  for (const sent of [{}, { _csrf: "undefined" }, { _csrf: "" }] as Record<string, string>[]) {
    const response = await browser(app).post("/accounts/login/", { ...ADMIN, ...sent }, { withToken: false });
    assert.equal(response.status, 403, JSON.stringify(sent));
  }
});

test(
  "a login post that is no Server Action's (no action id) signs nobody in",
  { skip: !nextjs && "Express" },
  async () => {
    const visitor = browser(app);
    await visitor.get("/accounts/login/");
    const response = await visitor.post("/accounts/login/", ADMIN, { withToken: false });
    assert.ok(![302, 303].includes(response.status), String(response.status));
    assert.equal((await visitor.get(`/${present(creationOrder()[0]).plural}/new/`)).status, 307, "still anonymous");
  },
);

test("a signed-in user's form post from another site's page is refused, even with the token", async () => {
  const user = await signedIn(app);
  const entity = present(creationOrder()[0]);
  await user.get(`/${entity.plural}/new/`);
  for (const origin of ["http://evil.example", "null"]) {
    const response = await user.post(`/${entity.plural}/new/`, {}, { headers: { Origin: origin } });
    assert.equal(response.status, 403, origin);
  }
  const own = await user.post(`/${entity.plural}/new/`, {}, { headers: { Origin: app.url } });
  assert.notEqual(own.status, 403, "the site's own origin passes the check");
});

// End to end in a real browser, through the front door of a running app (the Procfile's processes, or compose):
// headless Chromium (driven by playwright-core) signs in, creates an object through the frontend's form, is shown
// what an edit was refused for, finds the object by searching, deletes it, and logs out.
// Run it with `BASE_URL=http://127.0.0.1:8000 E2E_USERNAME=... E2E_PASSWORD=... npm run test:e2e`. Chromium comes
// from the system: CHROMIUM_PATH, else /usr/bin/chromium. The test is skipped, saying why, without either.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { after, before, test } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { ENTITIES, editableFields, type Entity, type Field } from "../../src/lib/spec.ts";

const BASE_URL = process.env.BASE_URL?.replace(/\/+$/, "");
const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate) => candidate && fs.existsSync(candidate),
);
const skip = !BASE_URL
  ? "BASE_URL is not set: start the app and name its front door (http://127.0.0.1:8000)"
  : !executablePath
    ? "no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH"
    : false;
const TEXT_KINDS = new Set(["str", "text"]);
let browser: Browser | undefined;

before(async () => {
  // --no-sandbox: Chromium's sandbox needs user namespaces, which containers and CI runners often lack.
  if (!skip) browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
});
after(async () => {
  await browser?.close();
});

/** An entity whose required fields a test can fill in without other objects, and a text field to search by. */
function testedEntity(): { entity: Entity; text: Field } | undefined {
  for (const entity of ENTITIES) {
    const fields = editableFields(entity);
    const text = fields.find((f) => f.kind === "str" && f.required) ?? fields.find((f) => f.kind === "str");
    const fillable = fields.every((f) => !f.required || TEXT_KINDS.has(f.kind) || f.has_default);
    if (text && entity.search.includes(text.name) && fillable) return { entity, text };
  }
  return undefined;
}

async function signIn(page: Page, path: string): Promise<void> {
  await page.goto(`${BASE_URL}${path}`);
  assert.equal(new URL(page.url()).pathname, "/accounts/login/", "a visitor is sent to sign in");
  await page.fill('[name="username"]', process.env.E2E_USERNAME ?? "");
  await page.fill('[name="password"]', process.env.E2E_PASSWORD ?? "");
  await Promise.all([page.waitForURL(`${BASE_URL}${path}`), page.click('form:has([name="password"]) [type="submit"]')]);
}

test("sign in, create, a refused edit, search, delete and log out through the frontend", { skip }, async (t) => {
  const tested = testedEntity();
  if (!tested) return t.skip("no entity has a searchable text field and only text fields required");
  const { entity, text } = tested;
  const token = `e2e-${randomBytes(4).toString("hex")}`;
  const page = await (browser as Browser).newPage();
  try {
    await signIn(page, `/${entity.plural}/new/`);
    for (const f of editableFields(entity).filter((f) => f.required && TEXT_KINDS.has(f.kind))) {
      await page.fill(`[name="${f.name}"]`, `${token} ${f.name}`.slice(0, f.max_length ?? 100));
    }
    await page.fill(`[name="${text.name}"]`, token);
    await Promise.all([
      page.waitForURL(new RegExp(`/${entity.plural}/(?!new/)[^/]+/$`)),
      page.click("main form button"),
    ]);
    const detail = new URL(page.url()).pathname;

    // An edit the API refuses: the text field emptied (past the browser's own check, as a crafted post would be).
    await page.goto(`${BASE_URL}${detail}edit/`);
    const input = page.locator(`[name="${text.name}"]`);
    await input.evaluate((element) => element.removeAttribute("required"));
    await input.fill("");
    await page.click("main form button");
    if (text.required) {
      await page.locator(`#${text.name}-errors`).waitFor();
      assert.equal(new URL(page.url()).pathname, `${detail}edit/`, "the refused form is shown again");
      await page.goto(`${BASE_URL}${detail}`);
      assert.match(await page.locator("main").innerText(), new RegExp(token), "nothing was saved");
    }

    await page.goto(`${BASE_URL}/${entity.plural}/?q=${token}`);
    assert.equal(await page.locator(`table a[href="${detail}"]`).count(), text.required ? 1 : 0);
    await page.goto(`${BASE_URL}/${entity.plural}/?q=${token}-absent`);
    assert.equal(await page.locator(`table a[href="${detail}"]`).count(), 0, "a search for something else");

    await page.goto(`${BASE_URL}${detail}`);
    await Promise.all([
      page.waitForURL(`${BASE_URL}/${entity.plural}/`),
      page.click('form[action$="/delete/"] button'),
    ]);
    const gone = await page.goto(`${BASE_URL}${detail}`);
    assert.equal(gone?.status(), 404, "deleted");

    await page.goto(`${BASE_URL}/`);
    await Promise.all([page.waitForURL(`${BASE_URL}/`), page.click('form[action="/accounts/logout/"] button')]);
    assert.equal(await page.locator('form[action="/accounts/logout/"]').count(), 0, "logged out");
    await page.goto(`${BASE_URL}/${entity.plural}/new/`);
    assert.equal(new URL(page.url()).pathname, "/accounts/login/", "signed out: a form needs signing in again");
  } finally {
    await page.close();
  }
});

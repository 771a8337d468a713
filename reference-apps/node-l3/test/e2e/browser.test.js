// End to end in a real browser: headless Chromium (driven by playwright-core) signs in, is shown what its form
// refused, creates an object through the form (a Server Action, run by React in the page) and finds it in the
// list, against the built server (`npm run build` first).
// Chromium comes from the system: CHROMIUM_PATH, else /usr/bin/chromium (Debian's `chromium` package); the
// test is skipped, saying so, where there is none. Run it with `npm run test:e2e`.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { ADMIN, creationOrder, samplePayload, useApp } from "../helpers.js";

const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate) => candidate && fs.existsSync(candidate),
);
const skip = executablePath ? false : "no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH";
const app = executablePath ? useApp() : null;
let browser;

before(async () => {
  // --no-sandbox: Chromium's sandbox needs user namespaces, which containers and CI runners often lack.
  if (executablePath) browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
});
after(async () => {
  await browser?.close();
});

// Puts one sample value into its form control as a person would (check a box, pick an option, type).
async function fill(page, field, value) {
  const control = page.locator(`[name="${field.name}"]`);
  if (field.kind === "bool") return value ? control.check() : control.uncheck();
  if (field.kind === "enum") return control.selectOption(String(value));
  if (field.kind === "datetime") return control.fill(String(value).slice(0, 16));
  return control.fill(String(value));
}

test("a signed-in user creates an object through the page and sees it listed", { skip }, async () => {
  const entity = creationOrder()[0];
  const payload = samplePayload(entity);
  const page = await browser.newPage();
  try {
    await page.goto(`${app.url}/${entity.plural}/new/`);
    assert.match(new URL(page.url()).pathname, /^\/accounts\/login\/$/, "an anonymous visitor is sent to sign in");
    await page.fill('[name="username"]', ADMIN.username);
    await page.fill('[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL(`${app.url}/${entity.plural}/new/`), page.click('form [type="submit"]')]);

    for (const field of entity.fields.filter((f) => f.kind !== "ref" && f.name in payload)) {
      await fill(page, field, payload[field.name]);
    }
    // Refused first: a required field left empty is named beside it, and what was typed stays.
    const required = entity.fields.find(
      (f) => f.required && f.kind !== "ref" && f.kind !== "bool" && f.name in payload,
    );
    if (required) {
      const kept = entity.fields.find(
        (f) => f !== required && ["str", "text", "email"].includes(f.kind) && f.name in payload,
      );
      await page.locator(`[name="${required.name}"]`).fill("");
      await page.click('form [type="submit"]');
      await page.locator(".invalid-feedback").first().waitFor();
      assert.equal(new URL(page.url()).pathname, `/${entity.plural}/new/`);
      if (kept)
        assert.equal(
          await page.locator(`[name="${kept.name}"]`).inputValue(),
          String(payload[kept.name]),
          "the values stay",
        );
      await fill(page, required, payload[required.name]);
    }
    // Not /new/ itself: the URL must change to the new object's page.
    await Promise.all([
      page.waitForURL(new RegExp(`/${entity.plural}/(?!new/)[^/]+/$`)),
      page.click('form [type="submit"]'),
    ]);
    const detailPath = new URL(page.url()).pathname;
    assert.notEqual(detailPath, `/${entity.plural}/new/`, "the form was refused");

    await page.goto(`${app.url}/${entity.plural}/`);
    const link = page.locator(`table a[href="${detailPath}"]`);
    assert.equal(await link.count(), 1, `the list links to ${detailPath}`);
    if (entity.label) assert.equal((await link.textContent()).trim(), String(payload[entity.label]));
  } finally {
    await page.close();
  }
});

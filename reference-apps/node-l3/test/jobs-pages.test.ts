// The background jobs' pages, as a signed-in user meets them: an import started from the upload form and an
// export from the list page's button, each followed on its job page to the end (the job is run in this
// process, as the worker runs it), the download, the rows an import rejected, and jobs private to their owner.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { saveUser } from "../src/auth.ts";
import { redisUrlOf } from "../src/config.ts";
import { closeQueue, jobQueue } from "../src/jobs/queue.ts";
import { runExport, runImport } from "../src/jobs/tasks.ts";
import { browser, csvOf, entities, present, samplePayload, signedIn, useApp, type PageAnswer } from "./helpers.ts";

const app = useApp();
// An entity that needs no other object first (none of its refs is required).
const importable = entities.find((e) => !e.fields.some((f) => f.kind === "ref" && f.required));
const skip = importable ? false : "every entity has a required ref: no entity can be imported on its own";
// The tests are skipped without one.
const entity = importable ?? present(entities[0]);
const settings = { chunkSize: 2, retentionDays: 7 };
const queued: string[] = [];

// The worker would take the job from the queue: here the test runs it, so the queue entry is removed.
async function jobStarted(response: PageAnswer): Promise<string> {
  assert.equal(response.status, 303, response.text);
  const id = /^\/jobs\/([0-9a-f-]{36})\/$/.exec(new URL(response.location ?? "", app.url).pathname)?.[1];
  assert.ok(id, `redirected to ${response.location}`);
  queued.push(id);
  return id;
}

after(async () => {
  const queue = jobQueue(redisUrlOf());
  await Promise.all(queued.map((id) => queue.remove(id)));
  await closeQueue();
});

test("the jobs pages send an anonymous visitor to the login page", { skip }, async () => {
  for (const path of ["/jobs/", `/jobs/import/${entity.table}/`, `/jobs/export/${entity.table}/`]) {
    const page = await browser(app).get(path);
    assert.ok([302, 303, 307].includes(page.status), `${path}: ${page.status}`);
    assert.match(page.location ?? "", /\/accounts\/login\/\?next=/);
  }
});

test("an import from the upload form: progress, rows created, rejected rows by number", { skip }, async () => {
  const user = await signedIn(app);
  const form = await user.get(`/jobs/import/${entity.table}/`);
  assert.match(form.text, /name="file"/);
  const payloads = [1, 2, 3].map(() => samplePayload(entity));
  const required = entity.fields.find(
    (f) => f.required && f.kind !== "bool" && !f.autoAdd && !f.autoNow && f.kind !== "ref",
  );
  if (required) payloads[1] = { ...payloads[1], [required.name]: "" };
  const upload = new FormData();
  upload.set("file", new Blob([csvOf(entity, payloads)], { type: "text/csv" }), "rows.csv");
  const id = await jobStarted(await user.post(`/jobs/import/${entity.table}/`, upload));

  const waiting = await user.get(`/jobs/${id}/`);
  assert.equal(waiting.status, 200);
  assert.match(waiting.text, /pending/);
  assert.match(
    waiting.text,
    /hx-trigger="every 1s"|http-equiv="refresh"/i,
    "a running job's page follows its progress",
  );

  await runImport(app.db, id, settings);
  const status = JSON.parse((await user.get(`/jobs/${id}/status.json`)).text) as Record<string, unknown>;
  const failed = required ? 1 : 0;
  assert.deepEqual([status.status, status.processed, status.created, status.failed], ["done", 3, 3 - failed, failed]);
  const done = await user.get(`/jobs/${id}/`);
  assert.doesNotMatch(done.text, /hx-trigger="every 1s"|http-equiv="refresh"/i, "a finished job's page stops polling");
  if (required) assert.match(done.text, new RegExp(`Row 3: ${required.name}: `));
  assert.match((await user.get("/jobs/")).text, new RegExp(`/jobs/${id}/`));
});

test("an upload without a file goes back to the form with the reason", { skip }, async () => {
  const user = await signedIn(app);
  await user.get(`/jobs/import/${entity.table}/`);
  const response = await user.post(`/jobs/import/${entity.table}/`, new FormData());
  const page = response.status === 303 ? await user.get(present(response.location)) : response;
  assert.match(page.text, /Choose a CSV file to import\./);
});

test(
  "an export from the list page's button downloads what /export.csv writes; jobs are private",
  { skip },
  async () => {
    const user = await signedIn(app);
    const list = await user.get(`/${entity.plural}/`);
    // The button's form, or a link to the export page and its button.
    assert.match(list.text, new RegExp(`(action|href)="/jobs/export/${entity.table}/"`));
    if (!list.text.includes(`action="/jobs/export/${entity.table}/"`)) await user.get(`/jobs/export/${entity.table}/`);
    const id = await jobStarted(await user.post(`/jobs/export/${entity.table}/`, {}));
    await runExport(app.db, id);
    const download = await user.get(`/jobs/${id}/download/`);
    assert.equal(download.status, 200);
    assert.equal(download.text, (await user.get(`/${entity.plural}/export.csv`)).text);

    await saveUser(app.db, "someone-else", "another long password");
    const other = await signedIn(app, { username: "someone-else", password: "another long password" });
    for (const path of [`/jobs/${id}/`, `/jobs/${id}/status.json`, `/jobs/${id}/download/`]) {
      assert.equal((await other.get(path)).status, 404, `${path} is private to the job's owner`);
    }
    assert.doesNotMatch((await other.get("/jobs/")).text, new RegExp(id));
  },
);

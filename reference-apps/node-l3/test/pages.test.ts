import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { editableFields } from "../src/entities.ts";
import {
  ADMIN,
  api,
  browser,
  createOneOfEach,
  creationOrder,
  entityByName,
  formFor,
  getToken,
  present,
  signedIn,
  useApp,
} from "./helpers.ts";

const app = useApp();

test("the home page lists every entity", async () => {
  const page = await browser(app).get("/");
  assert.equal(page.status, 200);
  for (const entity of creationOrder()) assert.match(page.text, new RegExp(`/${entity.plural}/`));
});

test("a wrong password is refused", async () => {
  const user = browser(app);
  await user.get("/accounts/login/");
  const login = await user.post("/accounts/login/", { username: ADMIN.username, password: "wrong" });
  // The login page again, rendered with the error (400; 200 as the page a Server Action was posted to), or
  // redirected to.
  const shown = login.status === 400 || (login.status === 200 && /didn(&#x27;|')t match/.test(login.text));
  assert.ok(shown || (login.status === 303 && login.location?.startsWith("/accounts/login/")), String(login.status));
});

test("a form post without the CSRF token (Next.js: the Server Action's id) is refused, and stores nothing", async () => {
  const user = await signedIn(app);
  const entity = present(creationOrder()[0]);
  const count = async () => ((await api(app.url)("GET", `/api/${entity.plural}/`)).body as { count: number }).count;
  const before = await count();
  await user.get(`/${entity.plural}/new/`);
  const response = await user.post(`/${entity.plural}/new/`, formFor(entity, {}, 1), { withToken: false });
  assert.ok([400, 403].includes(response.status), String(response.status));
  assert.equal(await count(), before);
});

let n = 1000;

for (const entity of creationOrder()) {
  const base = `/${entity.plural}/`;

  describe(base, () => {
    test("anonymous visitors are sent to the login page", async () => {
      const anonymous = browser(app);
      const form = await anonymous.get(`${base}new/`);
      assert.ok([302, 303, 307].includes(form.status), String(form.status));
      assert.match(form.location ?? "", /^\/accounts\/login\/\?next=/);
      const post = await anonymous.post(`${base}new/`, {});
      assert.ok([302, 303, 307].includes(post.status), String(post.status));
      assert.match(post.location ?? "", /^\/accounts\/login\//);
    });

    test("create, list, detail, edit, export and delete through the pages", async () => {
      const user = await signedIn(app);
      const made = await createOneOfEach(api(app.url, await getToken(app.url)));
      const pk = entity.pk.name;
      const refsByPk = Object.fromEntries(
        Object.entries(made).map(([name, object]) => {
          const key = present(entityByName.get(name)).pk.name;
          return [name, { [key]: object[key] ?? null }];
        }),
      );

      assert.equal((await user.get(`${base}new/`)).status, 200);
      n += 1;
      const created = await user.post(`${base}new/`, formFor(entity, refsByPk, n));
      assert.equal(created.status, 303, created.text.slice(0, 2000));
      const detailUrl = present(created.location);
      assert.match(detailUrl, new RegExp(`^${base}[^/]+/$`));
      const id = detailUrl.slice(base.length, -1);
      assert.equal((await user.get(detailUrl)).status, 200);

      const list = await user.get(base);
      assert.equal(list.status, 200);
      assert.ok(list.text.includes(detailUrl), "the list links to the new object");
      for (const field of entity.fields) {
        if (field.kind !== "ref" || !refsByPk[field.target]) continue;
        const target = present(entityByName.get(field.target));
        const targetUrl = `/${target.plural}/${String(present(refsByPk[field.target])[target.pk.name])}/`;
        assert.ok(list.text.includes(targetUrl), `the list links ${field.name} to its ${target.name}`);
      }
      assert.equal((await user.get(`${base}?q=zz&page=1`)).status, 200);

      assert.equal((await user.get(`${detailUrl}edit/`)).status, 200);
      n += 1;
      const edited = await user.post(`${detailUrl}edit/`, formFor(entity, refsByPk, n));
      assert.equal(edited.status, 303, edited.text.slice(0, 2000));
      assert.equal(edited.location, detailUrl);

      const csv = await fetch(`${app.url}${base}export.csv`);
      assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
      const [header, ...rows] = (await csv.text()).trim().split("\r\n");
      assert.deepEqual(header?.split(","), [pk, ...entity.fields.map((f) => f.name)]);
      assert.ok(rows.some((row) => row.startsWith(`${id},`)));

      // A confirmation page, or (where the detail page holds the delete button) a redirect to it.
      assert.ok([200, 303].includes((await user.get(`${detailUrl}delete/`)).status));
      const deleted = await user.post(`${detailUrl}delete/`, {});
      assert.equal(deleted.status, 303);
      assert.equal((await user.get(detailUrl)).status, 404);
    });

    test("invalid input is shown on the form and nothing is stored", async () => {
      const user = await signedIn(app);
      await user.get(`${base}new/`);
      const required = editableFields(entity).find((f) => f.required && f.default === undefined && f.kind !== "bool");
      if (!required) return;
      let response = await user.post(`${base}new/`, {});
      // The form again with the errors: rendered at once (400; 200 as the page a Server Action was posted to),
      // or after a redirect back to it.
      if (response.status === 303) response = await user.get(present(response.location));
      else assert.ok([200, 400].includes(response.status), String(response.status));
      assert.match(response.text, /invalid-feedback/);
    });
  });
}

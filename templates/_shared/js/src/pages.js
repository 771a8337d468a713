// The server-rendered pages: home, login, and for every entity its list, detail, forms, delete and CSV export.
// Templates live in views/ (nunjucks); each page looks for an entity-specific template first
// (views/<entity>/list.html) and falls back to the generic one, so one page can be customised alone.
import fs from "node:fs";
import path from "node:path";
import express from "express";
import { authenticate, requireLogin, safeNext } from "./auth.js";
import { ROOT } from "./config.js";
import { editableFields, entities, entityByName } from "./entities.js";
import { ProtectedError, Records, ValidationError, csvLine } from "./records.js";
import { fromForm } from "./validation.js";

const VIEWS = path.join(ROOT, "views");

function templateFor(entity, page) {
  const own = path.join(entity.table, page);
  return fs.existsSync(path.join(VIEWS, own)) ? own : page;
}

function flash(req, level, text) {
  req.session.messages = [...(req.session.messages || []), { level, text }];
}

const label = (name) => name.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());

// One value as a page shows it: text, a link where it is another object, and a kind for styling.
function cell(db, field, value) {
  if (value === null || value === undefined || value === "") return { text: "—", kind: "empty" };
  if (field.kind === "bool") return { text: value ? "Yes" : "No", kind: value ? "yes" : "no" };
  if (field.kind === "enum") return { text: label(String(value)) };
  if (field.kind === "datetime") return { text: String(value).slice(0, 16).replace("T", " ") };
  if (field.kind === "ref") {
    const target = entityByName.get(field.target);
    const records = new Records(db, target);
    const object = records.get(value);
    return { text: object ? records.display(object) : String(value), url: `/${target.plural}/${value}/` };
  }
  return { text: String(value) };
}

// A stored value as an <input> shows it (a datetime-local input takes 2026-01-31T09:30).
function formValue(field, value) {
  if (value === null || value === undefined) return "";
  if (field.kind === "datetime") return String(value).slice(0, 16);
  return value;
}

const INPUT_TYPES = { int: "number", float: "number", decimal: "number", email: "email", url: "url", date: "date", datetime: "datetime-local" };
const STEPS = { int: "1", float: "any" };

function formFields(db, entity, values, errors) {
  return editableFields(entity).map((field) => {
    const options =
      field.kind === "enum"
        ? field.choices.map((choice) => [choice, label(choice)])
        : field.kind === "ref"
          ? new Records(db, entityByName.get(field.target)).choices()
          : null;
    return {
      ...field,
      label: label(field.name),
      inputType: INPUT_TYPES[field.kind] || "text",
      step: field.kind === "decimal" ? (10 ** -field.decimalPlaces).toFixed(field.decimalPlaces) : STEPS[field.kind],
      value: formValue(field, values[field.name]),
      options,
      errors: errors?.[field.name] || [],
    };
  });
}

// The form's values after a failed post: what the user typed, so nothing is lost.
function submitted(entity, body) {
  const values = {};
  for (const field of editableFields(entity)) {
    values[field.name] = field.kind === "bool" ? body[field.name] !== undefined : (body[field.name] ?? "");
  }
  return values;
}

function initialValues(entity) {
  return Object.fromEntries(editableFields(entity).map((field) => [field.name, field.default ?? (field.kind === "bool" ? false : "")]));
}

function entityPages(router, db, entity) {
  const records = new Records(db, entity);
  const base = `/${entity.plural}/`;
  const columns = [
    ...(entity.label ? [] : [{ name: entity.pk.name, kind: entity.pk.kind }]),
    ...entity.fields.filter((f) => f.name === entity.label),
    ...entity.fields.filter((f) => f.name !== entity.label && f.kind !== "text"),
  ];

  const withObject = (handler) => (req, res, next) => {
    const pk = records.parsePk(req.params.pk);
    const object = pk === null ? null : records.get(pk);
    if (!object) return next();
    return handler(req, res, pk, object);
  };

  const listQuery = (req) => ({ q: typeof req.query.q === "string" ? req.query.q : "", filters: req.query });
  const detailUrl = (object) => `${base}${object[entity.pk.name]}/`;

  const renderForm = (req, res, { object = null, values, errors = null, status = 200 }) =>
    res.status(status).render(templateFor(entity, "form.html"), {
      entity,
      object,
      title: object ? records.display(object) : null,
      fields: formFields(db, entity, values, errors),
      errors,
      cancelUrl: object ? detailUrl(object) : base,
    });

  router.get(base, (req, res, next) => {
    const query = listQuery(req);
    const number = req.query.page === undefined || req.query.page === "" ? 1 : Number(req.query.page);
    const page = records.page(query, number);
    if (!page) return next();
    const params = new URLSearchParams(Object.entries(req.query).filter(([key, value]) => key !== "page" && typeof value === "string"));
    const filters = entity.filters.map((name) => {
      const field = entity.fields.find((f) => f.name === name);
      const options =
        field.kind === "bool"
          ? [
              ["true", "Yes"],
              ["false", "No"],
            ]
          : field.kind === "enum"
            ? field.choices.map((choice) => [choice, label(choice)])
            : new Records(db, entityByName.get(field.target)).choices();
      return { name, label: label(name), options, selected: String(req.query[name] ?? "") };
    });
    const context = {
      entity,
      columns: columns.map((f) => ({ name: f.name, label: label(f.name) })),
      rows: page.results.map((object) => ({
        url: detailUrl(object),
        cells: columns.map((f) => (f.name === entity.pk.name ? { text: String(object[f.name]) } : cell(db, f, object[f.name]))),
      })),
      page,
      query: query.q,
      queryString: params.toString(),
      filters,
    };
    // htmx asks for the results table alone when the search box or a filter changes.
    const partial = req.get("hx-request") && !req.get("hx-boosted");
    return res.render(partial ? "_results.html" : templateFor(entity, "list.html"), context);
  });

  router.get(`${base}export.csv`, (req, res) => {
    const names = [entity.pk.name, ...entity.fields.map((f) => f.name)];
    res.set("Content-Type", "text/csv; charset=utf-8");
    res.set("Content-Disposition", `attachment; filename="${entity.plural}.csv"`);
    res.write(csvLine(names));
    for (const object of records.iterate(listQuery(req))) {
      res.write(csvLine(names.map((name) => object[name])));
    }
    res.end();
  });

  router.get(`${base}new/`, requireLogin, (req, res) => renderForm(req, res, { values: initialValues(entity) }));
  router.post(`${base}new/`, requireLogin, (req, res) => {
    try {
      const object = records.create(fromForm(entity, req.body));
      flash(req, "success", `Created ${records.display(object)}.`);
      return res.redirect(303, detailUrl(object));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderForm(req, res, { values: submitted(entity, req.body), errors: error.errors, status: 400 });
    }
  });

  router.get(
    `${base}:pk/`,
    withObject((req, res, pk, object) =>
      res.render(templateFor(entity, "detail.html"), {
        entity,
        object,
        title: records.display(object),
        cells: [{ name: entity.pk.name, kind: entity.pk.kind }, ...entity.fields].map((f) => ({
          label: label(f.name),
          ...(f.name === entity.pk.name ? { text: String(pk) } : cell(db, f, object[f.name])),
        })),
        url: detailUrl(object),
      }),
    ),
  );

  router.get(
    `${base}:pk/edit/`,
    requireLogin,
    withObject((req, res, pk, object) => renderForm(req, res, { object, values: object })),
  );
  router.post(
    `${base}:pk/edit/`,
    requireLogin,
    withObject((req, res, pk, object) => {
      try {
        const saved = records.update(pk, fromForm(entity, req.body));
        flash(req, "success", `Saved ${records.display(saved)}.`);
        return res.redirect(303, detailUrl(saved));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderForm(req, res, { object, values: submitted(entity, req.body), errors: error.errors, status: 400 });
      }
    }),
  );

  router.get(
    `${base}:pk/delete/`,
    requireLogin,
    withObject((req, res, pk, object) =>
      res.render(templateFor(entity, "confirm_delete.html"), { entity, object, title: records.display(object), url: detailUrl(object) }),
    ),
  );
  router.post(
    `${base}:pk/delete/`,
    requireLogin,
    withObject((req, res, pk, object) => {
      const name = records.display(object);
      try {
        records.delete(pk);
      } catch (error) {
        if (!(error instanceof ProtectedError)) throw error;
        flash(req, "danger", `${name} is still referred to by other objects; change or delete those first.`);
        return res.redirect(303, detailUrl(object));
      }
      flash(req, "success", `Deleted ${name}.`);
      return res.redirect(303, base);
    }),
  );
}

export function pagesRouter(db) {
  const router = express.Router({ strict: false });

  router.get("/", (req, res) => {
    const cards = entities.map((entity) => ({ entity, count: new Records(db, entity).count() }));
    res.render("home.html", { cards });
  });

  router.get("/accounts/login/", (req, res) => res.render("login.html", { next: safeNext(req.query.next) }));
  router.post("/accounts/login/", async (req, res) => {
    const user = await authenticate(db, req.body.username, req.body.password);
    if (!user) {
      return res.status(400).render("login.html", { next: safeNext(req.body.next), failed: true, username: req.body.username });
    }
    req.session.userId = user.id;
    req.session.csrf = undefined; // a new CSRF token for the signed-in session
    return res.redirect(303, safeNext(req.body.next));
  });
  router.post("/accounts/logout/", (req, res) => {
    req.session = null;
    res.redirect(303, "/");
  });

  for (const entity of entities) {
    entityPages(router, db, entity);
  }
  return router;
}

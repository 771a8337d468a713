// The server-rendered pages: home, login, and for every entity its list, detail, forms, delete and CSV export.
// Templates live in views/ (nunjucks); each page looks for an entity-specific template first
// (views/<entity>/list.html) and falls back to the generic one, so one page can be customised alone.
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { requireLogin, safeNext, sessionToken } from "./auth.ts";
import { ROOT } from "./config.ts";
import { csvStream } from "./csv.ts";
import type { Database } from "./db.ts";
import { entities, type ApiObject, type Entity } from "./entities.ts";
import {
  csvHeader,
  detailCells,
  formFields,
  initialValues,
  label,
  listColumns,
  listFilters,
  listRows,
  submitted,
} from "./presentation.ts";
import { ProtectedError, Records, ValidationError, countEach, type ListQuery, type Pk } from "./records.ts";
import { SESSION_COOKIE, endSession, sessionCookie, startSession } from "./sessions.ts";
import { TOO_MANY, signIn } from "./throttle.ts";
import { fromForm, type FieldErrors } from "./validation.ts";

const VIEWS = path.join(ROOT, "views");

function templateFor(entity: Entity, page: string): string {
  const own = path.join(entity.table, page);
  return fs.existsSync(path.join(VIEWS, own)) ? own : page;
}

function flash(req: Request, level: string, text: string): void {
  if (req.session) req.session.messages = [...(req.session.messages ?? []), { level, text }];
}

// A submitted form, as the urlencoded parser (or multipartForms) leaves it.
const formOf = (req: Request): Record<string, unknown> => (req.body ?? {}) as Record<string, unknown>;

function entityPages(router: Router, db: Database, entity: Entity): void {
  const records = new Records(db, entity);
  const base = `/${entity.plural}/`;
  const columns = listColumns(entity);

  type ObjectHandler = (req: Request, res: Response, pk: Pk, object: ApiObject) => unknown;
  const withObject = (handler: ObjectHandler) => async (req: Request, res: Response, next: NextFunction) => {
    const pk = records.parsePk(req.params.pk);
    const object = pk === null ? null : await records.get(pk);
    if (pk === null || !object) return next();
    return handler(req, res, pk, object);
  };

  const listQuery = (req: Request): ListQuery => ({
    q: typeof req.query.q === "string" ? req.query.q : "",
    filters: req.query,
  });
  const detailUrl = (object: ApiObject): string => `${base}${String(object[entity.pk.name])}/`;

  interface FormPage {
    object?: ApiObject | null;
    values: Record<string, unknown>;
    errors?: FieldErrors | null;
    status?: number;
  }
  const renderForm = async (
    _req: Request,
    res: Response,
    { object = null, values, errors = null, status = 200 }: FormPage,
  ) =>
    res.status(status).render(templateFor(entity, "form.html"), {
      entity,
      object,
      title: object ? records.display(object) : null,
      fields: await formFields(db, entity, values, errors),
      errors,
      cancelUrl: object ? detailUrl(object) : base,
    });

  router.get(base, async (req, res, next) => {
    // htmx asks for the results table alone when the search box or a filter changes.
    const partial = Boolean(req.get("hx-request") && !req.get("hx-boosted"));
    const query = listQuery(req);
    const number = req.query.page === undefined || req.query.page === "" ? 1 : Number(req.query.page);
    const page = await records.page(query, number);
    if (!page) return next();
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query))
      if (key !== "page" && typeof value === "string") params.append(key, value);
    const context = {
      entity,
      columns: columns.map((f) => ({ name: f.name, label: label(f.name) })),
      rows: (await listRows(db, entity, columns, page.results)).map((cells, i) => ({
        url: detailUrl(page.results[i] ?? {}),
        cells,
      })),
      page,
      query: query.q,
      queryString: params.toString(),
      filters: await listFilters(db, entity, req.query),
    };
    return res.render(partial ? "_results.html" : templateFor(entity, "list.html"), context);
  });

  router.get(`${base}export.csv`, async (req, res) => {
    const names = csvHeader(entity);
    res.set("Content-Type", "text/csv; charset=utf-8");
    res.set("Content-Disposition", `attachment; filename="${entity.plural}.csv"`);
    const csv = await csvStream(names, records.iterate(listQuery(req)));
    // The 200 goes out now: a failure midway cuts the download (src/app.ts), never a complete-looking file.
    res.flushHeaders();
    try {
      await pipeline(csv, res);
    } catch (error) {
      // The browser cancelled the download or went away: nothing failed here (pipeline has stopped the reads).
      if (req.destroyed && (error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") return;
      throw error;
    }
  });

  router.get(`${base}new/`, requireLogin, (req, res) => renderForm(req, res, { values: initialValues(entity) }));
  router.post(`${base}new/`, requireLogin, async (req, res) => {
    try {
      const object = await records.create(fromForm(entity, formOf(req)));
      flash(req, "success", `Created ${records.display(object)}.`);
      return res.redirect(303, detailUrl(object));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderForm(req, res, { values: submitted(entity, formOf(req)), errors: error.errors, status: 400 });
    }
  });

  router.get(
    `${base}:pk/`,
    withObject(async (req, res, pk, object) =>
      res.render(templateFor(entity, "detail.html"), {
        entity,
        object,
        title: records.display(object),
        cells: await detailCells(db, entity, object),
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
    withObject(async (req, res, pk, object) => {
      try {
        const saved = await records.update(pk, fromForm(entity, formOf(req)));
        if (!saved) return res.status(404).render("404.html");
        flash(req, "success", `Saved ${records.display(saved)}.`);
        return res.redirect(303, detailUrl(saved));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderForm(req, res, {
          object,
          values: submitted(entity, formOf(req)),
          errors: error.errors,
          status: 400,
        });
      }
    }),
  );

  router.get(
    `${base}:pk/delete/`,
    requireLogin,
    withObject((req, res, pk, object) =>
      res.render(templateFor(entity, "confirm_delete.html"), {
        entity,
        object,
        title: records.display(object),
        url: detailUrl(object),
      }),
    ),
  );
  router.post(
    `${base}:pk/delete/`,
    requireLogin,
    withObject(async (req, res, pk, object) => {
      const name = records.display(object);
      try {
        await records.delete(pk);
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

// `entityCounts` gives the home page its counts: from the database unless the app passes a cached one.
export function pagesRouter(
  db: Database,
  { entityCounts = countEach }: { entityCounts?: typeof countEach } = {},
): Router {
  const router = express.Router({ strict: false });

  router.get("/", async (req, res) => {
    const counts = await entityCounts(db, entities);
    res.render("home.html", { cards: entities.map((entity) => ({ entity, ...counts[entity.name] })) });
  });

  router.get("/accounts/login/", (req, res) => res.render("login.html", { next: safeNext(req.query.next) }));
  router.post("/accounts/login/", async (req, res) => {
    const form = formOf(req);
    const { user, wait } = await signIn(db, req.ip, form.username, form.password);
    if (wait) {
      res.set("Retry-After", String(wait));
      return res.status(429).render("error.html", { status: 429, detail: TOO_MANY(wait), trace: null });
    }
    if (!user) {
      return res.status(400).render("login.html", { next: safeNext(form.next), failed: true, username: form.username });
    }
    await endSession(db, sessionToken(req)); // the visitor's earlier session, if any, is replaced
    const { token, expires } = await startSession(db, user.id);
    res.cookie(SESSION_COOKIE, token, sessionCookie(req.secure, expires));
    if (req.session) req.session.csrf = undefined; // a new CSRF token for the signed-in session
    return res.redirect(303, safeNext(form.next));
  });
  router.post("/accounts/logout/", async (req, res) => {
    await endSession(db, sessionToken(req)); // a copy of the cookie signs nobody in any more
    res.clearCookie(SESSION_COOKIE, { path: "/" });
    req.session = null;
    res.redirect(303, "/");
  });

  for (const entity of entities) {
    entityPages(router, db, entity);
  }
  return router;
}

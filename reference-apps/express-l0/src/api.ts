// The JSON API: /api/<plural>/ for every entity, in the shape of Django REST framework's.
// Reads are public; writes need `Authorization: Token <key>` from POST /api/auth/token/.
import express, { type Request, type Response, type Router } from "express";
import { requireToken, tokenFor } from "./auth.ts";
import type { Database } from "./db.ts";
import { entities, type ApiObject, type Entity } from "./entities.ts";
import { openapiDocument } from "./openapi.ts";
import { ProtectedError, Records, ValidationError, type ListQuery, type Pk } from "./records.ts";
import { TOO_MANY, signIn } from "./throttle.ts";

// The site's own address: the host ALLOWED_HOSTS let through (req.host, from X-Forwarded-Host only behind a
// proxy TRUST_PROXY names) and the scheme the request came with (X-Forwarded-Proto, likewise).
const origin = (req: Request): string => `${req.protocol}://${req.host}`;

// The list's link to another page, keeping ?q= and filters; page 1 has no ?page= (as DRF writes it).
function pageLink(req: Request, number: number): string {
  const url = new URL(req.originalUrl, origin(req));
  if (number === 1) url.searchParams.delete("page");
  else url.searchParams.set("page", String(number));
  return url.href;
}

function listQuery(req: Request): ListQuery {
  const q = typeof req.query.q === "string" ? req.query.q : "";
  return { q, filters: req.query };
}

function pageNumber(value: unknown): number {
  if (value === undefined || value === "") return 1;
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
}

function entityRoutes(router: Router, db: Database, entity: Entity): void {
  const records = new Records(db, entity);
  const base = `/${entity.plural}/`;

  // Answers 404 for a pk that cannot exist (a uuid route given "abc") or a row that does not.
  type ObjectHandler = (req: Request, res: Response, pk: Pk, object: ApiObject) => unknown;
  const withObject = (handler: ObjectHandler) => async (req: Request, res: Response) => {
    const pk = records.parsePk(req.params.pk);
    const object = pk === null ? null : await records.get(pk);
    if (pk === null || !object) return res.status(404).json({ detail: "Not found." });
    return handler(req, res, pk, object);
  };

  const saving = async (res: Response, status: number, save: () => Promise<ApiObject | null>) => {
    try {
      const object = await save();
      if (!object) return res.status(404).json({ detail: "Not found." });
      return res.status(status).json(object);
    } catch (error) {
      if (error instanceof ValidationError) return res.status(400).json(error.errors);
      throw error;
    }
  };

  router.get(base, async (req, res) => {
    const page = await records.page(listQuery(req), pageNumber(req.query.page));
    if (!page) return res.status(404).json({ detail: "Invalid page." });
    return res.json({
      count: page.count,
      next: page.number < page.pages ? pageLink(req, page.number + 1) : null,
      previous: page.number > 1 ? pageLink(req, page.number - 1) : null,
      results: page.results,
      // Present (and true) only where the count is PostgreSQL's estimate of a large table (src/records.ts).
      ...(page.countIsEstimate ? { count_is_estimate: true } : {}),
    });
  });
  router.post(base, requireToken, (req, res) => saving(res, 201, () => records.create(req.body as unknown)));
  router.get(
    `${base}:pk/`,
    withObject((req, res, pk, object) => res.json(object)),
  );
  router.put(
    `${base}:pk/`,
    requireToken,
    withObject((req, res, pk) => saving(res, 200, () => records.update(pk, req.body as unknown))),
  );
  router.patch(
    `${base}:pk/`,
    requireToken,
    withObject((req, res, pk) => saving(res, 200, () => records.update(pk, req.body as unknown, { partial: true }))),
  );
  router.delete(
    `${base}:pk/`,
    requireToken,
    withObject(async (req, res, pk) => {
      try {
        await records.delete(pk);
      } catch (error) {
        if (error instanceof ProtectedError) return res.status(409).json({ detail: error.message });
        throw error;
      }
      return res.status(204).end();
    }),
  );
}

export function apiRouter(db: Database): Router {
  const router = express.Router({ strict: false });

  // Every endpoint, for a developer finding their way (DRF's API root).
  router.get("/", (req, res) => {
    const root = `${origin(req)}/api`;
    res.json(Object.fromEntries(entities.map((entity) => [entity.plural, `${root}/${entity.plural}/`])));
  });

  router.get("/schema/", (req, res) => res.json(openapiDocument()));

  router.post("/auth/token/", async (req, res) => {
    const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const { user, wait } = await signIn(db, req.ip, username, password);
    if (wait)
      return res
        .status(429)
        .set("Retry-After", String(wait))
        .json({ detail: TOO_MANY(wait) });
    if (!user) {
      return res.status(400).json({ non_field_errors: ["Unable to log in with provided credentials."] });
    }
    return res.json({ token: await tokenFor(db, user.id) });
  });

  for (const entity of entities) {
    entityRoutes(router, db, entity);
  }

  router.use((req, res) => res.status(404).json({ detail: "Not found." }));
  return router;
}

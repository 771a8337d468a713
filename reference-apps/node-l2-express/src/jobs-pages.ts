// The background jobs' pages: start an export (the list page's button) or an import (an uploaded CSV), follow
// a job's progress, download what an export wrote. The worker (src/worker.ts) runs the jobs; a job is visible
// to its owner (and admins) only. URLs and form fields are django-l2's: /jobs/, /jobs/<id>/,
// /jobs/export/<entity>/, /jobs/import/<entity>/.
import { Readable, Transform } from "node:stream";
import express, { type NextFunction, type Response, type Router } from "express";
import type { Config } from "./config.ts";
import type { Database } from "./db.ts";
import { currentUser, requireLogin } from "./auth.ts";
import { entityByName, type Entity } from "./entities.ts";
import { recentJobs, resultOf, statusOf, visibleJob } from "./jobs/store.ts";
import {
  MAX_UPLOAD_BYTES,
  entityNamed,
  exportQuery,
  progressOf,
  rejectedRows,
  startExport,
  startImport,
  startedAt,
  uploadProblem,
} from "./jobs/web.ts";
import { csvHeader } from "./presentation.ts";
import { Records } from "./records.ts";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own way to add request properties
  namespace Express {
    interface Request {
      // The files of a multipart form post, by field name (multipartForms).
      files?: Record<string, File>;
    }
  }
}

type ExpressRequest = express.Request;

// Multipart form posts (the import's file upload), parsed by the platform's own FormData: fields go to
// req.body (so the CSRF check reads `_csrf` as from any form), files to req.files. Runs before the CSRF check.
export async function multipartForms(req: ExpressRequest, res: Response, next: NextFunction): Promise<unknown> {
  if (req.method !== "POST" || !req.is("multipart/form-data")) return next();
  // The form around the file is small: a body much larger than the file limit is refused, unread when it says
  // its length, and as soon as it passes the limit when it does not (a chunked upload).
  const limit = MAX_UPLOAD_BYTES + 64 * 1024;
  const tooLarge = () =>
    res
      .status(413)
      .type("text/plain")
      .send(`The upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  if (Number(req.get("content-length") || 0) > limit) return tooLarge();
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > limit ? new RangeError("upload too large") : null, chunk);
    },
  });
  try {
    const request = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": req.get("content-type") ?? "" },
      body: Readable.toWeb(req.pipe(counted)) as ReadableStream<Uint8Array>,
      duplex: "half",
    });
    const fields: Record<string, string> = {};
    const files: Record<string, File> = {};
    for (const [name, value] of await request.formData()) {
      if (typeof value === "string") fields[name] = value;
      else files[name] = value;
    }
    req.body = fields;
    req.files = files;
  } catch {
    if (received > limit) return tooLarge();
    return res.status(400).type("text/plain").send("The form could not be read: submit it again.");
  }
  return next();
}

export function jobsRouter(db: Database, config: Config): Router {
  const router = express.Router({ strict: false });

  // The entity a /jobs/(export|import)/<name>/ URL names; an unknown name falls through to the 404 page.
  type EntityHandler = (req: ExpressRequest, res: Response, entity: Entity) => unknown;
  const withEntity = (handler: EntityHandler) => (req: ExpressRequest, res: Response, next: NextFunction) => {
    const entity = entityNamed(req.params.name);
    return entity ? handler(req, res, entity) : next();
  };

  router.get("/jobs/", requireLogin, async (req, res) => {
    const jobs = await recentJobs(db, currentUser(req));
    res.render("jobs/jobs.html", { jobs: jobs.map((job) => ({ ...job, started: startedAt(job) })) });
  });

  // What an export would write (the list's search and filters), with its button.
  router.get(
    "/jobs/export/:name/",
    requireLogin,
    withEntity(async (req, res, entity) => {
      const query = exportQuery(req.query);
      const count = await new Records(db, entity).count({
        q: query.get("q") ?? "",
        filters: Object.fromEntries(query),
      });
      res.render("jobs/export.html", {
        entity,
        count,
        action: `/jobs/export/${entity.table}/${query.size ? `?${query.toString()}` : ""}`,
      });
    }),
  );
  router.post(
    "/jobs/export/:name/",
    requireLogin,
    withEntity(async (req, res, entity) => {
      const job = await startExport(db, config.redisUrl, { entity, user: currentUser(req), query: req.query });
      res.redirect(303, `/jobs/${job.id}/`);
    }),
  );

  const importForm = (res: Response, entity: Entity, error = "") =>
    res.status(error ? 400 : 200).render("jobs/import.html", { entity, header: csvHeader(entity).join(","), error });

  router.get(
    "/jobs/import/:name/",
    requireLogin,
    withEntity((req, res, entity) => importForm(res, entity)),
  );
  router.post(
    "/jobs/import/:name/",
    requireLogin,
    withEntity(async (req, res, entity) => {
      const file = req.files?.file;
      const problem = uploadProblem(file);
      if (problem || !file) return importForm(res, entity, problem);
      const job = await startImport(db, config.redisUrl, { entity, user: currentUser(req), file });
      return res.redirect(303, `/jobs/${job.id}/`);
    }),
  );

  // One job: its page, or (asked by htmx while the job runs) the progress part alone, which polls itself.
  router.get("/jobs/:id/", requireLogin, async (req, res, next) => {
    const job = await visibleJob(db, req.user, req.params.id);
    if (!job) return next();
    const context = { job, progress: progressOf(job), rejected: rejectedRows(job) };
    return res.render(req.get("hx-request") ? "jobs/_progress.html" : "jobs/job.html", context);
  });

  // The job's state for scripts and tests, as django-l2 answers it.
  router.get("/jobs/:id/status.json", async (req, res) => {
    const job = await visibleJob(db, req.user, req.params.id);
    res.set("Cache-Control", "no-store");
    if (!job) return res.status(404).json({ detail: "Not found." });
    return res.json(statusOf(job));
  });

  // The CSV a finished export wrote.
  router.get("/jobs/:id/download/", async (req, res) => {
    const job = await visibleJob(db, req.user, req.params.id);
    const result = job && job.kind === "export" && job.status === "done" ? await resultOf(db, job.id) : null;
    if (result === null) return res.status(404).type("text/plain").send("This job has no file to download.");
    const filename = `${entityByName.get(job?.entity ?? "")?.plural ?? "export"}.csv`;
    res.set("Content-Disposition", `attachment; filename="${filename}"`);
    return res.type("text/csv; charset=utf-8").send(result);
  });

  return router;
}

// What the jobs' pages share, whichever web framework serves them: the entity a URL names, starting an export
// or an import from a form, and the progress and rejected rows a job page shows.
import crypto from "node:crypto";
import type { User } from "../auth.ts";
import type { Database } from "../db.ts";
import { entities, type Entity } from "../entities.ts";
import { putFile, uploadKey } from "./bucket.ts";
import { isFinished, startJob, type JobSummary } from "./store.ts";

// The largest CSV an import takes; a bigger one is refused before it is stored.
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
// The rejected rows a job page lists (the job keeps them all).
const SHOWN_ROW_ERRORS = 50;
const BADGES: Record<string, string> = { pending: "secondary", running: "primary", done: "success", failed: "danger" };

// /jobs/export/task/ names an entity by its table name (the same name django-l2 uses).
export function entityNamed(name: unknown): Entity | null {
  return entities.find((entity) => entity.table === name) ?? null;
}

// The list page's search and filters an export writes (every query parameter but the page number).
// The parameters a list was asked with: a URL's, their entries, or Express's parsed query.
export type QueryParams = URLSearchParams | Iterable<readonly [string, unknown]> | Record<string, unknown>;

export function exportQuery(params: QueryParams): URLSearchParams {
  const query = new URLSearchParams();
  const entries = Symbol.iterator in params ? (params as Iterable<readonly [string, unknown]>) : Object.entries(params);
  for (const [key, value] of entries) if (typeof value === "string") query.append(key, value);
  query.delete("page");
  return query;
}

// Queues an export of the objects `query` selects; returns the job ({ id }).
export function startExport(
  db: Database,
  redisUrl: string,
  { entity, user, query }: { entity: Entity; user: User; query: QueryParams },
) {
  return startJob(db, redisUrl, { kind: "export", entity, userId: user.id, query: exportQuery(query).toString() });
}

// Why an uploaded file (a FormData File) cannot be imported, or "" when it can.
export function uploadProblem(file: unknown): string {
  if (!(file instanceof File)) return "Choose a CSV file to import.";
  if (!file || typeof file === "string" || !file.size) return "Choose a CSV file to import.";
  if (file.size > MAX_UPLOAD_BYTES) return `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;
  return "";
}

// Stores the uploaded CSV and queues its import; returns the job ({ id }).
export async function startImport(
  db: Database,
  redisUrl: string,
  { entity, user, file }: { entity: Entity; user: User; file: File },
) {
  const upload = await file.text();
  // In the bucket when there is one, else in the row.
  const id = crypto.randomUUID();
  const inBucket = await putFile(uploadKey(id), upload);
  return startJob(db, redisUrl, {
    id,
    kind: "import",
    entity,
    userId: user.id,
    upload: inBucket ? null : upload,
    uploadName: file.name || "upload.csv",
  });
}

// When the job was created, to the minute, as the jobs list shows it (UTC: "2026-01-31 14:05").
export function startedAt(job: JobSummary): string {
  return job.created_at.toISOString().slice(0, 16).replace("T", " ");
}

// The job's state as its page shows it: a badge, a percentage, one line of counts.
export function progressOf(job: JobSummary) {
  const finished = isFinished(job);
  const percent = job.total ? Math.round((100 * job.processed) / job.total) : finished ? 100 : 0;
  const counts = job.kind === "import" ? ` (${job.created_count} created, ${job.failed_count} failed)` : "";
  return {
    finished,
    percent,
    badge: BADGES[job.status] ?? "secondary",
    summary: `${job.processed} of ${job.total || "?"} rows${counts}`,
  };
}

// The first rows an import rejected, by row number (the header is row 1), each with its errors on one line.
export function rejectedRows(job: JobSummary) {
  return Object.entries(job.row_errors)
    .sort(([a], [b]) => Number(a) - Number(b))
    .slice(0, SHOWN_ROW_ERRORS)
    .map(([row, errors]) => ({
      row,
      text: Object.entries(errors)
        .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
        .join("; "),
    }));
}

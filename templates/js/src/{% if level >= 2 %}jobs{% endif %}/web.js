// What the jobs' pages share, whichever web framework serves them: the entity a URL names, starting an export
// or an import from a form, and the progress and rejected rows a job page shows.
import { entities } from "../entities.js";
import { isFinished, startJob } from "./store.js";

// The largest CSV an import takes; a bigger one is refused before it is stored.
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
// The rejected rows a job page lists (the job keeps them all).
const SHOWN_ROW_ERRORS = 50;
const BADGES = { pending: "secondary", running: "primary", done: "success", failed: "danger" };

// /jobs/export/task/ names an entity by its table name (the same name django-l2 uses).
export function entityNamed(name) {
  return entities.find((entity) => entity.table === name) || null;
}

// The list page's search and filters an export writes (every query parameter but the page number).
export function exportQuery(params) {
  const query = new URLSearchParams(params);
  query.delete("page");
  return query;
}

// Queues an export of the objects `query` selects; returns the job ({ id }).
export function startExport(db, redisUrl, { entity, user, query }) {
  return startJob(db, redisUrl, { kind: "export", entity, userId: user.id, query: exportQuery(query).toString() });
}

// Why an uploaded file (a FormData File) cannot be imported, or "" when it can.
export function uploadProblem(file) {
  if (!file || typeof file === "string" || !file.size) return "Choose a CSV file to import.";
  if (file.size > MAX_UPLOAD_BYTES) return `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;
  return "";
}

// Stores the uploaded CSV and queues its import; returns the job ({ id }).
export async function startImport(db, redisUrl, { entity, user, file }) {
  const upload = await file.text();
  return startJob(db, redisUrl, { kind: "import", entity, userId: user.id, upload, uploadName: file.name || "upload.csv" });
}

// When the job was created, to the minute, as the jobs list shows it (UTC: "2026-01-31 14:05").
export function startedAt(job) {
  return job.created_at.toISOString().slice(0, 16).replace("T", " ");
}

// The job's state as its page shows it: a badge, a percentage, one line of counts.
export function progressOf(job) {
  const finished = isFinished(job);
  const percent = job.total ? Math.round((100 * job.processed) / job.total) : finished ? 100 : 0;
  const counts = job.kind === "import" ? ` (${job.created_count} created, ${job.failed_count} failed)` : "";
  return { finished, percent, badge: BADGES[job.status], summary: `${job.processed} of ${job.total || "?"} rows${counts}` };
}

// The first rows an import rejected, by row number (the header is row 1), each with its errors on one line.
export function rejectedRows(job) {
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

// The work of each job, run by the worker (src/worker.ts): CSV export, CSV import, and the nightly cleanup.
//
// How they stay correct when things go wrong:
// - A job may run more than once: a worker killed mid-job leaves its queue entry locked until the lock
//   expires (JOB_LOCK_SECONDS), then BullMQ hands it to another worker. So every task is idempotent: a
//   finished job returns at once; an export replaces the job's one result; an import commits each chunk of
//   rows in ONE transaction together with its checkpoint (`processed`), holding a lock on the job row, so a
//   new run skips the committed rows and no row is ever imported twice.
// - Errors worth another try (the database or Redis gone for a moment) are thrown, and BullMQ retries with
//   backoff (src/jobs/queue.ts); a JobError (a bad file) fails the job at once, with the reason on its page.
//
// Settings: JOB_IMPORT_CHUNK_SIZE (rows per transaction, default 100) and JOB_RETENTION_DAYS (default 7).
import { and, eq, inArray, lt } from "drizzle-orm";
import type { Environment } from "../config.ts";
import type { Database } from "../db.ts";
import { csvStream } from "../csv.ts";
import { entityByName, type ApiObject, type Entity } from "../entities.ts";
import { csvHeader } from "../presentation.ts";
import { Records, ValidationError } from "../records.ts";
import { deleteExpiredSessions } from "../sessions.ts";
import type { FieldErrors } from "../validation.ts";
import { deleteFiles, exportKey, putFile, readFile, uploadKey } from "./bucket.ts";
import { JobError, headerProblem, readRows, rowInput } from "./csvfiles.ts";
import { jobs } from "./schema.ts";
import { FINISHED, isFinished } from "./store.ts";

const MAX_ROW_ERRORS = 1000; // every failed row is counted; the errors of this many are kept
const PROGRESS_EVERY = 200; // exported rows between two progress updates

export interface TaskSettings {
  chunkSize: number;
  retentionDays: number;
}

export function taskSettings(env: Environment = process.env): TaskSettings {
  return {
    chunkSize: Math.max(1, Number.parseInt(env.JOB_IMPORT_CHUNK_SIZE || "100", 10) || 100),
    retentionDays: Math.max(1, Number.parseInt(env.JOB_RETENTION_DAYS || "7", 10) || 7),
  };
}

// The job, now running, with its entity; null when it has finished already (another run got there first).
async function claim(db: Database, id: string, kind: "export" | "import") {
  const [job] = await db
    .update(jobs)
    .set({ status: "running", updated_at: new Date() })
    .where(and(eq(jobs.id, id), eq(jobs.kind, kind), inArray(jobs.status, ["pending", "running"])))
    .returning();
  if (!job) return null;
  const entity = entityByName.get(job.entity);
  if (!entity) throw new JobError(`The entity ${job.entity} is not in this app's data model any more.`);
  return { job, entity };
}

function finished<T extends object>(status: "done", extra: T = {} as T) {
  const now = new Date();
  return { status, finished_at: now, updated_at: now, ...extra };
}

// Writes the rows the list page showed (its ?q= and filters) as the CSV that /<plural>/export.csv answers.
export async function runExport(db: Database, id: string): Promise<void> {
  const claimed = await claim(db, id, "export");
  if (!claimed) return;
  const { job, entity } = claimed;
  const records = new Records(db, entity);
  const params: Record<string, string> = Object.fromEntries(new URLSearchParams(job.query));
  const query = { q: params.q ?? "", filters: params };
  await db
    .update(jobs)
    .set({ total: await records.count(query), processed: 0, updated_at: new Date() })
    .where(eq(jobs.id, id));
  let written = 0;
  async function* counted(): AsyncGenerator<ApiObject> {
    for await (const object of records.iterate(query)) {
      yield object;
      written += 1;
      if (written % PROGRESS_EVERY === 0) {
        await db.update(jobs).set({ processed: written, updated_at: new Date() }).where(eq(jobs.id, id));
      }
    }
  }
  const chunks: string[] = [];
  for await (const chunk of await csvStream(csvHeader(entity), counted())) chunks.push(String(chunk));
  const result = chunks.join("");
  // In the bucket when there is one (a run again replaces the same object), else in the row.
  const inBucket = await putFile(exportKey(id), result);
  // Only an unfinished job takes the result: a parallel run that finished first keeps its own.
  await db
    .update(jobs)
    .set(finished("done", { result: inBucket ? null : result, total: written, processed: written }))
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["pending", "running"])));
}

// Creates objects from the uploaded CSV's rows; a row that breaks a rule is counted and reported, not saved.
export async function runImport(db: Database, id: string, settings: TaskSettings): Promise<void> {
  const claimed = await claim(db, id, "import");
  if (!claimed) return;
  const { entity } = claimed;
  const [stored] = await db.select({ upload: jobs.upload }).from(jobs).where(eq(jobs.id, id));
  // The upload is in the row, or else in the bucket (src/jobs/web.ts).
  const [header, ...rows] = readRows(stored?.upload ?? (await readFile(uploadKey(id))) ?? "");
  const problem = headerProblem(entity, header);
  if (problem || !header) throw new JobError(problem);
  await db.update(jobs).set({ total: rows.length, updated_at: new Date() }).where(eq(jobs.id, id));
  while (await importChunk(db, id, entity, header, rows, settings)) {
    // each call commits one chunk and its checkpoint
  }
}

// One chunk in one transaction, from the checkpoint on; false once the job is done (or finished elsewhere).
async function importChunk(
  db: Database,
  id: string,
  entity: Entity,
  header: string[],
  rows: string[][],
  settings: TaskSettings,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The lock makes a second run of this job wait here, then start after the rows this one committed.
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, id)).for("update");
    if (!job || isFinished(job)) return false;
    const start = job.processed;
    if (start >= rows.length) {
      await tx.update(jobs).set(finished("done")).where(eq(jobs.id, id));
      return false;
    }
    const chunk = rows.slice(start, start + settings.chunkSize);
    const records = new Records(tx, entity);
    const errors: Record<string, FieldErrors> = { ...job.row_errors };
    let created = 0;
    let failed = 0;
    for (const [offset, row] of chunk.entries()) {
      try {
        await records.create(rowInput(entity, header, row));
        created += 1;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        failed += 1;
        // Row numbers as a spreadsheet shows them: the header is row 1.
        if (Object.keys(errors).length < MAX_ROW_ERRORS) errors[start + offset + 2] = error.errors;
      }
    }
    const processed = start + chunk.length;
    const progress = {
      processed,
      created_count: job.created_count + created,
      failed_count: job.failed_count + failed,
      row_errors: errors,
      updated_at: new Date(),
    };
    await tx
      .update(jobs)
      .set(processed >= rows.length ? { ...progress, ...finished("done") } : progress)
      .where(eq(jobs.id, id));
    return processed < rows.length;
  });
}

// Deletes finished jobs older than JOB_RETENTION_DAYS, with their files, and the expired sign-in sessions (the
// worker's nightly schedule); returns how many jobs it deleted.
export async function cleanupFinishedJobs(db: Database, settings: TaskSettings): Promise<number> {
  const cutoff = new Date(Date.now() - settings.retentionDays * 24 * 60 * 60 * 1000);
  const deleted = await db
    .delete(jobs)
    .where(and(inArray(jobs.status, FINISHED), lt(jobs.finished_at, cutoff)))
    .returning({ id: jobs.id });
  await deleteFiles(deleted.map((job) => job.id));
  console.log(`Deleted ${deleted.length} finished job(s) older than ${cutoff.toISOString()}.`);
  console.log(`Deleted ${await deleteExpiredSessions(db)} expired session(s).`);
  return deleted.length;
}

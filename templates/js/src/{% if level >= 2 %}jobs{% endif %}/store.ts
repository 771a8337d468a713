// The jobs' rows: created by the pages, claimed and updated by the worker's tasks, read by the job pages.
import crypto from "node:crypto";
import { and, desc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { User } from "../auth.ts";
import type { Database } from "../db.ts";
import type { Entity } from "../entities.ts";
import { jobs } from "./schema.ts";
import { JOB_OPTIONS, enqueue } from "./queue.ts";

export const FINISHED = ["done", "failed"] as const;
const RECENT_JOBS = 20;

export const isFinished = (job: { status: string }): boolean => (FINISHED as readonly string[]).includes(job.status);

// The columns a page reads: the files themselves stay in the database until downloaded or imported.
const summaryColumns = () => {
  const { upload: _upload, result: _result, ...summary } = getTableColumns(jobs);
  return summary;
};
// A job as the pages read it.
export type JobSummary = Awaited<ReturnType<typeof recentJobs>>[number];

// Saves a new job (not queued yet).
export interface NewJob {
  id?: string;
  kind: "export" | "import";
  entity: Entity;
  userId: number;
  query?: string;
  upload?: string | null;
  uploadName?: string;
}

export async function createJob(
  db: Database,
  { id = crypto.randomUUID(), kind, entity, userId, query = "", upload = null, uploadName = "" }: NewJob,
): Promise<{ id: string }> {
  const now = new Date();
  const [job] = await db
    .insert(jobs)
    .values({
      id,
      kind,
      entity: entity.name,
      status: "pending",
      total: 0,
      processed: 0,
      created_count: 0,
      failed_count: 0,
      row_errors: {},
      error: "",
      query,
      upload_name: uploadName.slice(-255),
      upload,
      created_by: userId,
      created_at: now,
      updated_at: now,
    })
    .returning({ id: jobs.id });
  if (!job) throw new Error("the job was not saved");
  return job;
}

// Saves a new job and queues it. A broker that does not answer fails the job visibly on its page, never the
// request with a 500.
export async function startJob(db: Database, redisUrl: string, fields: NewJob): Promise<{ id: string }> {
  const job = await createJob(db, fields);
  try {
    // The queue entry's id is the job's: queueing one job twice adds it once.
    await enqueue(redisUrl, fields.kind, { jobId: job.id }, { ...JOB_OPTIONS, jobId: job.id });
  } catch (error) {
    console.error(`Could not queue job ${job.id}: ${(error as Error).message}`);
    await failJob(
      db,
      job.id,
      "The job could not be queued: the task broker did not answer. Please try again in a moment.",
    );
  }
  return job;
}

// A job its owner (or an admin) may see; null otherwise, which the pages answer with 404.
export async function visibleJob(db: Database, user: User | null | undefined, id: unknown): Promise<JobSummary | null> {
  if (!user || typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [job] = await db.select(summaryColumns()).from(jobs).where(eq(jobs.id, id.toLowerCase())).limit(1);
  return job && (job.created_by === user.id || user.is_admin) ? job : null;
}

export function recentJobs(db: Database, user: User) {
  return db
    .select(summaryColumns())
    .from(jobs)
    .where(eq(jobs.created_by, user.id))
    .orderBy(desc(jobs.created_at))
    .limit(RECENT_JOBS);
}

export async function resultOf(db: Database, id: string): Promise<string | null> {
  const [row] = await db.select({ result: jobs.result }).from(jobs).where(eq(jobs.id, id)).limit(1);
  return row?.result ?? null;
}

// Marks an unfinished job failed, with the reason its owner reads on the job page.
export async function failJob(db: Database, id: string, error: string): Promise<void> {
  const now = new Date();
  await db
    .update(jobs)
    .set({ status: "failed", error, finished_at: now, updated_at: now })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["pending", "running"])));
}

// The job's state for scripts and tests (GET /jobs/<id>/status.json), as django-l2 answers it.
export function statusOf(job: JobSummary) {
  return {
    id: job.id,
    kind: job.kind,
    entity: job.entity,
    status: job.status,
    processed: job.processed,
    total: job.total,
    created: job.created_count,
    failed: job.failed_count,
    error: job.error,
    url: `/jobs/${job.id}/`,
    download_url: job.kind === "export" && job.status === "done" ? `/jobs/${job.id}/download/` : null,
  };
}

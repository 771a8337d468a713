// The Procfile's `worker:` process: runs the background jobs of the BullMQ queue (src/jobs/), and schedules
// the nightly cleanup of finished jobs. Start as many as you like: each takes one job at a time.
//
// A worker stopped with SIGTERM (a deploy, `docker compose stop`) takes no new job and finishes the one it
// runs, for up to JOB_SHUTDOWN_SECONDS (default 20, under the usual 30 s grace period); a job still running
// then is handed back: its lock expires and another worker resumes it from its checkpoint. A worker killed
// outright (SIGKILL, a crash, a lost host) is the same case, found by BullMQ's stalled-job check once the lock
// has expired (JOB_LOCK_SECONDS, default 30).
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { ConfigError, configOrExit, readConfig, type Environment } from "./config.ts";
import { closeDatabase, errorCause, openDatabase, type Database } from "./db.ts";
import { JobError } from "./jobs/csvfiles.ts";
import { QUEUE_NAME, jobQueue, redisConnection } from "./jobs/queue.ts";
import { failJob } from "./jobs/store.ts";
import { cleanupFinishedJobs, runExport, runImport, taskSettings, type TaskSettings } from "./jobs/tasks.ts";
import "./cache.ts"; // imports change rows: the cached counts are dropped as the web process drops them

const TASKS: Record<string, (db: Database, id: string, settings: TaskSettings) => Promise<void>> = {
  export: runExport,
  import: runImport,
};
// What a queue entry carries: the id of the job's row (none for the cleanup).
type Queued = Job<{ jobId?: string }>;
// Worth another try: the database or Redis did not answer for a moment.
const TRANSIENT = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P03",
  "08000",
  "08003",
  "08006",
]);

function seconds(env: Environment, name: string, fallback: number): number {
  const value = Number.parseFloat(env[name] || String(fallback));
  if (!(value > 0)) throw new ConfigError(`${name} must be a number of seconds, not "${env[name]}".`);
  return value;
}

function processor(db: Database, settings: TaskSettings) {
  return async (queued: Queued): Promise<number | null> => {
    if (queued.name === "cleanup") return cleanupFinishedJobs(db, settings);
    const task = TASKS[queued.name];
    const { jobId } = queued.data;
    if (!task || !jobId) throw new UnrecoverableError(`Unknown job ${queued.name}`);
    try {
      await task(db, jobId, settings);
    } catch (error) {
      const cause = errorCause(error);
      if (error instanceof JobError || !TRANSIENT.has(cause.code ?? "")) {
        if (!(error instanceof JobError)) console.error(`Job ${jobId} failed:`, error);
        await failJob(db, jobId, error instanceof JobError ? error.message : `The job failed: ${cause.message}`);
        throw new UnrecoverableError(error instanceof JobError ? error.message : cause.message);
      }
      throw error; // BullMQ retries it with backoff
    }
    return null;
  };
}

async function main() {
  const { config, env } = configOrExit({
    read: () => ({
      config: readConfig(),
      env: {
        lock: seconds(process.env, "JOB_LOCK_SECONDS", 30),
        shutdown: seconds(process.env, "JOB_SHUTDOWN_SECONDS", 20),
      },
    }),
  });
  const db = openDatabase(config.database);
  const settings = taskSettings();
  const worker = new Worker<Queued["data"], number | null>(QUEUE_NAME, processor(db, settings), {
    connection: redisConnection(config.redisUrl, { worker: true }),
    concurrency: 1,
    lockDuration: env.lock * 1000,
    stalledInterval: env.lock * 1000,
    maxStalledCount: 3,
  });
  worker.on("failed", async (queued, error) => {
    // The last try of a transient error: the job fails visibly instead of staying "running".
    if (queued && queued.attemptsMade >= (queued.opts.attempts ?? 1) && queued.data.jobId) {
      await failJob(db, queued.data.jobId, `Gave up after ${queued.attemptsMade} tries: ${error.message}`).catch(
        () => {},
      );
    }
  });
  worker.on("error", (error) => console.error(`Worker: ${error.message}`));
  // The nightly cleanup, once for all workers (a scheduler with a fixed id is created once).
  await jobQueue(config.redisUrl)
    .upsertJobScheduler("cleanup-finished-jobs", { pattern: "0 3 * * *" }, { name: "cleanup", data: {} })
    .catch((error: unknown) =>
      console.error(`Could not schedule the cleanup (Redis down?): ${errorCause(error).message}`),
    );
  console.log(`Worker waiting for jobs (queue "${QUEUE_NAME}", lock ${env.lock} s)`);

  const stop = async (signal: NodeJS.Signals) => {
    console.log(`${signal}: finishing the current job (up to ${env.shutdown} s), taking no new one`);
    const closing = worker.close();
    const timeout = new Promise((resolve) => setTimeout(resolve, env.shutdown * 1000).unref());
    await Promise.race([closing, timeout]);
    await closeDatabase(db).catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

await main();

// The BullMQ queue of background jobs, in Redis (REDIS_URL): the web process adds to it, the worker
// (src/worker.ts) takes from it. The job's state and outcome live in PostgreSQL (src/jobs/store.ts); the queue
// entry only carries the job's id.
import { Queue, type JobsOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

export const QUEUE_NAME = "jobs";

// How a queued job is retried when its run fails for a reason worth another try (the database or Redis gone
// for a moment): 5 tries in all, about 1, 2, 4 and 8 s apart, randomised so that many jobs do not retry at once.
export const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1000, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: 1000,
};

// The web process's connection fails fast while Redis is down (a page answers, a job fails visibly), where the
// worker's waits and retries (BullMQ needs maxRetriesPerRequest: null on it).
export function redisConnection(url: string, { worker = false }: { worker?: boolean } = {}): Redis {
  const options: RedisOptions = worker
    ? { maxRetriesPerRequest: null }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 };
  const connection = new Redis(url, options);
  // Without a listener, ioredis reports every failed reconnection attempt as an unhandled error.
  connection.on("error", () => {});
  return connection;
}

// Resolves once `connection` is ready, or rejects after `ms`: a connection still (re)connecting, as after Redis
// comes back, gets that long to get there, as a command would while Redis is only slow.
function ready(connection: Redis, ms: number): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      connection.off("ready", onReady);
      reject(new Error("not connected"));
    }, ms);
    connection.once("ready", onReady);
  });
}

// "ok", or why `connection` does not answer: a health check.
export async function ping(connection: Redis): Promise<string> {
  try {
    await ready(connection, 1000);
    await connection.ping();
    return "ok";
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `error: ${code || message}`;
  }
}

let producer: Redis | undefined;
let queue: Queue | undefined;

function producerOf(url: string): Redis {
  producer ??= redisConnection(url);
  return producer;
}

export function jobQueue(url: string): Queue {
  queue ??= new Queue(QUEUE_NAME, { connection: producerOf(url) });
  return queue;
}

// Queues a job. Each web process has its own connection, and after an outage each reconnects on its own
// schedule (ioredis retries every 2 s at most), so a reconnecting one gets up to 3 s before the add fails.
export async function enqueue(url: string, name: string, data: Record<string, unknown>, options: JobsOptions) {
  const target = jobQueue(url);
  await ready(producerOf(url), 3000);
  return target.add(name, data, options);
}

// The broker check of /health/ready/: the queue's own connection.
export function brokerIsReachable(url: string): Promise<string> {
  jobQueue(url);
  return ping(producerOf(url));
}

// Closes the queue and its connection (a test's end; a process that exits needs not).
export async function closeQueue(): Promise<void> {
  await queue?.close();
  await producer?.quit();
  queue = undefined;
  producer = undefined;
}

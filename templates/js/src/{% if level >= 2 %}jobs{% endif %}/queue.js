// The BullMQ queue of background jobs, in Redis (REDIS_URL): the web process adds to it, the worker
// (src/worker.js) takes from it. The job's state and outcome live in PostgreSQL (src/jobs/store.js); the queue
// entry only carries the job's id.
import { Queue } from "bullmq";
import IORedis from "ioredis";

export const QUEUE_NAME = "jobs";

// How a queued job is retried when its run fails for a reason worth another try (the database or Redis gone
// for a moment): 5 tries in all, about 1, 2, 4 and 8 s apart, randomised so that many jobs do not retry at once.
export const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1000, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: 1000,
};

// The web process's connection fails fast while Redis is down (a page answers, a job fails visibly), where the
// worker's waits and retries (BullMQ needs maxRetriesPerRequest: null on it).
export function redisConnection(url, { worker = false } = {}) {
  const options = worker
    ? { maxRetriesPerRequest: null }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 };
  const connection = new IORedis(url, options);
  // Without a listener, ioredis reports every failed reconnection attempt as an unhandled error.
  connection.on("error", () => {});
  return connection;
}

// Resolves once `connection` is ready, or rejects after `ms`: a connection still (re)connecting, as after Redis
// comes back, gets that long to get there, as a command would while Redis is only slow.
function ready(connection, ms) {
  if (connection.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
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
export async function ping(connection) {
  try {
    await ready(connection, 1000);
    await connection.ping();
    return "ok";
  } catch (error) {
    return `error: ${error.code || error.message}`;
  }
}

let producer;
let queue;

export function jobQueue(url) {
  producer ??= redisConnection(url);
  queue ??= new Queue(QUEUE_NAME, { connection: producer });
  return queue;
}

// Queues a job. Each web process has its own connection, and after an outage each reconnects on its own
// schedule (ioredis retries every 2 s at most), so a reconnecting one gets up to 3 s before the add fails.
export async function enqueue(url, name, data, options) {
  const target = jobQueue(url);
  await ready(producer, 3000);
  return target.add(name, data, options);
}

// The broker check of /health/ready/: the queue's own connection.
export function brokerIsReachable(url) {
  jobQueue(url);
  return ping(producer);
}

// Closes the queue and its connection (a test's end; a process that exits needs not).
export async function closeQueue() {
  await queue?.close();
  await producer?.quit();
  queue = undefined;
  producer = undefined;
}

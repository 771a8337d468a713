// The Procfile's web process: `node dist/src/cluster.js <server entry>`. A node:cluster primary that runs
// WEB_CONCURRENCY copies of the server entry (default: one a CPU), as gunicorn runs its workers on the Django
// rungs. The workers share the port through this primary, so /health/live/ and every page is answered by
// whichever worker is free; nothing in a worker's memory is shared (sessions live in the database, caches and
// queues in Redis).
//
// - A worker that dies after it started serving is replaced, after a pause that doubles while they keep
//   dying (up to 30 s), so a crash loop does not spin.
// - A configuration the server would refuse is refused here, once, before any fork; a worker that exits
//   before it ever listened (a port in use) stops the whole web with its exit code: retrying would not help.
// - SIGTERM or SIGINT: no more forks; the signal goes to every worker, which finishes its requests in flight
//   and exits; the primary exits once all have, or after SHUTDOWN_SECONDS.
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import path from "node:path";
import { configOrExit } from "./config.ts";

const SHUTDOWN_SECONDS = 30;
const MAX_BACKOFF_MS = 30_000;

const entry = process.argv[2];
if (!entry) {
  console.error("Usage: node dist/src/cluster.js <server entry>");
  process.exit(2);
}

// Loads .env (WEB_CONCURRENCY may be set there). Next.js checks its configuration only after it listens
// (instrumentation.js), so a refusal would make every worker die and be replaced: check it here instead.
configOrExit();
const raw = process.env.WEB_CONCURRENCY;
const count = raw === undefined || raw.trim() === "" ? os.availableParallelism() : Number(raw);
if (!Number.isInteger(count) || count < 1) {
  console.error(`Refusing to start: WEB_CONCURRENCY must be a whole number of 1 or more, not "${raw}".`);
  process.exit(1);
}

cluster.setupPrimary({ exec: path.resolve(entry), args: process.argv.slice(3) });

let stopping = false;
let backoff = 500;
let lastDeath = 0;
const listening = new WeakSet<Worker>();

// The workers running now.
const workers = (): Worker[] => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);

function fork(): void {
  const worker = cluster.fork();
  worker.once("listening", () => listening.add(worker));
}

// Stops every worker: with the signal the primary got, or (a worker that never served) with its exit code.
function stop(code: NodeJS.Signals | number): void {
  if (stopping) return;
  stopping = true;
  const signal = typeof code === "string" ? code : "SIGTERM";
  for (const worker of workers()) worker.process.kill(signal);
  setTimeout(() => {
    console.error(`Workers still running after ${SHUTDOWN_SECONDS} s: killing them.`);
    for (const worker of workers()) worker.process.kill("SIGKILL");
    process.exit(1);
  }, SHUTDOWN_SECONDS * 1000).unref();
  if (typeof code === "number") process.exitCode = code;
}

cluster.on("exit", (worker, code, signal) => {
  if (stopping) {
    if (workers().length === 0) process.exit();
    return;
  }
  if (!listening.has(worker)) {
    console.error(`Worker ${worker.process.pid} exited (${signal ?? code}) before it served: stopping.`);
    stop(code || 1);
    if (workers().length === 0) process.exit();
    return;
  }
  // Pause before the replacement: doubled while workers keep dying, back to half a second after a calm minute.
  const now = Date.now();
  backoff = now - lastDeath > 60_000 ? 500 : Math.min(backoff * 2, MAX_BACKOFF_MS);
  lastDeath = now;
  console.error(`Worker ${worker.process.pid} died (${signal ?? code}): a new one in ${backoff / 1000} s.`);
  setTimeout(() => stopping || fork(), backoff);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    console.log(`${signal}: stopping the workers`);
    stop(signal);
  });
}

console.log(`Starting ${count} worker${count === 1 ? "" : "s"} of ${entry} (WEB_CONCURRENCY)`);
for (let i = 0; i < count; i += 1) fork();

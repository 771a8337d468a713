// The Redis cache (REDIS_URL): the home page's counts, kept until a row changes (src/records.js announces
// every create, update and delete). A cache that does not answer is skipped, never an error: the counts are
// then read from the database.
import { redisUrlOf } from "./config.js";
import { Records, changes } from "./records.js";
import { ping, redisConnection } from "./jobs/queue.js";

const COUNTS_KEY = "cache:entity-counts";
const COUNTS_SECONDS = 300;

let client;
const redis = () => (client ??= redisConnection(redisUrlOf()));
// The web's Redis connection, shared with the sign-in limit (src/throttle.js).
export const redisClient = redis;

changes.on("change", () => {
  redis()
    .del(COUNTS_KEY)
    .catch(() => {});
});

// The number of objects of every entity, by name.
export async function entityCounts(db, entities) {
  try {
    const cached = await redis().get(COUNTS_KEY);
    if (cached) return JSON.parse(cached);
  } catch {
    // the cache is down: count in the database
  }
  const counts = {};
  for (const entity of entities) counts[entity.name] = await new Records(db, entity).count();
  redis()
    .set(COUNTS_KEY, JSON.stringify(counts), "EX", COUNTS_SECONDS)
    .catch(() => {});
  return counts;
}

// "ok", or the reason the cache does not answer (the cache check of /health/ready/).
export function cacheIsReachable() {
  return ping(redis());
}

// Closes the cache's connection (a test's end; a process that exits needs not).
export async function closeCache() {
  // quit() sends QUIT, which a connection that never got through cannot: that one is just dropped.
  if (client?.status === "ready") await client.quit();
  else client?.disconnect();
  client = undefined;
}

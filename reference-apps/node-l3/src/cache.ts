// The Redis cache (REDIS_URL): the home page's counts, kept until a row changes (src/records.ts announces
// every create, update and delete). A cache that does not answer is skipped, never an error: the counts are
// then read from the database.
import type { Redis } from "ioredis";
import { redisUrlOf } from "./config.ts";
import type { Queryable } from "./db.ts";
import type { Entity } from "./entities.ts";
import { changes, countEach, type Count } from "./records.ts";
import { ping, redisConnection } from "./jobs/queue.ts";

// A count and whether it is an estimate, by entity (a key of its own: the one before held plain numbers).
const COUNTS_KEY = "cache:entity-counts-estimated";
const COUNTS_SECONDS = 300;

let client: Redis | undefined;
const redis = (): Redis => (client ??= redisConnection(redisUrlOf()));
// The web's Redis connection, shared with the sign-in limit (src/throttle.ts).
export const redisClient = redis;

changes.on("change", () => {
  redis()
    .del(COUNTS_KEY)
    .catch(() => {});
});

// The number of objects of every entity, by name (src/records.ts' countEach, cached).
export async function entityCounts(db: Queryable, entities: readonly Entity[]): Promise<Record<string, Count>> {
  try {
    const cached = await redis().get(COUNTS_KEY);
    if (cached) return JSON.parse(cached) as Record<string, Count>;
  } catch {
    // the cache is down: count in the database
  }
  const counts = await countEach(db, entities);
  redis()
    .set(COUNTS_KEY, JSON.stringify(counts), "EX", COUNTS_SECONDS)
    .catch(() => {});
  return counts;
}

// "ok", or the reason the cache does not answer (the cache check of /health/ready/).
export function cacheIsReachable(): Promise<string> {
  return ping(redis());
}

// Closes the cache's connection (a test's end; a process that exits needs not).
export async function closeCache(): Promise<void> {
  // quit() sends QUIT, which a connection that never got through cannot: that one is just dropped.
  if (client?.status === "ready") await client.quit();
  else client?.disconnect();
  client = undefined;
}

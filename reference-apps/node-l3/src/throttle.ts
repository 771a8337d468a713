// The brute-force limit of signing in (the login form, POST /api/auth/token/): failed attempts are counted per
// client address and per username, and past either limit the endpoint answers 429 with Retry-After until the
// window has passed, whatever the password. A success clears its username's count.
// The counts live in Redis (REDIS_URL), so every web process shares them; while Redis does not answer, each
// process counts in its own memory instead (the insurance limiter), so the limit never lapses.
//
// Per username, an attacker can lock a user out for the window by failing on purpose: the price of stopping
// password guessing; the per-address count stops one client from trying many usernames.
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { authenticate } from "./auth.ts";
import { redisClient } from "./cache.ts";
import { ping } from "./jobs/queue.ts";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { User } from "./auth.ts";
import type { Database } from "./db.ts";
import { asText } from "./entities.ts";

const WINDOW_SECONDS = 15 * 60;
export const FAILURES_PER_USERNAME = 10;
export const FAILURES_PER_ADDRESS = 50;

function limiter(keyPrefix: string, points: number): RateLimiterAbstract {
  const options = { keyPrefix, points, duration: WINDOW_SECONDS };
  return new RateLimiterRedis({
    ...options,
    storeClient: redisClient(),
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

interface Counted {
  limit: RateLimiterAbstract;
  key: (address: string | undefined, username: unknown) => string;
}

// Made once per process and kept on globalThis: Next.js bundles its Server Actions apart from its route handlers,
// each bundle with a copy of this module, and its dev server reloads modules, yet the login form and the token
// endpoint must count failures together (through one Redis connection).
const LIMITERS = Symbol.for("stack-ladder.sign-in-limiters");
const shared = globalThis as typeof globalThis & { [LIMITERS]?: [Counted, Counted] };
const counted = (): [Counted, Counted] =>
  (shared[LIMITERS] ??= [
    {
      limit: limiter("signin-fail-user", FAILURES_PER_USERNAME),
      key: (_address, username) => asText(username ?? "").toLowerCase(),
    },
    { limit: limiter("signin-fail-address", FAILURES_PER_ADDRESS), key: (address) => address ?? "" },
  ]);

// Signs in through the limit: {user, wait: 0} (user null for wrong credentials), or {user: null, wait} with the
// seconds to wait when the limit refuses the attempt before the password is even checked.
export async function signIn(
  db: Database,
  address: string | undefined,
  username: unknown,
  password: unknown,
): Promise<{ user: User | null; wait: number }> {
  const wait = await signInWait(address, username);
  if (wait > 0) return { user: null, wait };
  const user = await authenticate(db, username, password);
  await (user ? signInSucceeded(address, username) : signInFailed(address, username));
  return { user, wait: 0 };
}

// Seconds until `address` may try `username` again; 0 when it may now.
export async function signInWait(address: string | undefined, username: unknown): Promise<number> {
  let wait = 0;
  for (const { limit, key } of counted()) {
    const state = await limit.get(key(address, username));
    if (state && state.consumedPoints >= limit.points) wait = Math.max(wait, Math.ceil(state.msBeforeNext / 1000));
  }
  return wait;
}

async function signInFailed(address: string | undefined, username: unknown): Promise<void> {
  for (const { limit, key } of counted()) {
    await limit.penalty(key(address, username), 1);
  }
}

async function signInSucceeded(address: string | undefined, username: unknown): Promise<void> {
  const [perUsername] = counted();
  await perUsername.limit.delete(perUsername.key(address, username));
}

// Forgets the failures counted for `username` and for this machine's loopback addresses (the tests' clean-up:
// Redis keeps counts from one run to the next).
export async function forgetSignIns(username = ""): Promise<void> {
  await ping(redisClient()); // connected, so that the counts go from Redis and not only from this process
  for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
    for (const { limit, key } of counted()) await limit.delete(key(address, username));
  }
}

// What a refused attempt answers: the seconds to wait, in words and in Retry-After.
export const TOO_MANY = (seconds: number): string => `Too many failed sign-ins: try again in ${seconds} seconds.`;

// Configuration from the environment (and a .env file where present), read once at start-up.
// Every variable is listed with a comment in .env.example.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// The database this project's schema is written for (src/schema.js, migrations/).
export const DIALECT = "postgresql";
const DEFAULT_DATABASE_URL = "postgres://127.0.0.1:5432/library";

// The value older .env.example files shipped with: refused, as a missing or short key is, while DEBUG is off.
export const EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string";
export const MIN_SECRET_KEY_LENGTH = 32;

// With DEBUG on and no SECRET_KEY: a random key, made once per process (sessions end when it restarts). Kept
// on globalThis so that every module graph of the process signs with the same key.
const PROCESS_KEY = Symbol.for("app.processSecretKey");
function processSecretKey() {
  globalThis[PROCESS_KEY] ??= crypto.randomBytes(32).toString("base64url");
  return globalThis[PROCESS_KEY];
}

export class ConfigError extends Error {}

// Variables already set in the environment win over the .env file (as with Django's django-environ).
export function loadEnvFile(file = path.join(ROOT, ".env")) {
  if (fs.existsSync(file)) {
    process.loadEnvFile(file);
  }
}

// What every entry point (web, worker, scripts) does first: load .env, then `read` the configuration; a
// configuration that cannot be used is one line on stderr (after `prefix`) and exit status 1, never a trace.
export function configOrExit({ read = readConfig, prefix = "Refusing to start: " } = {}) {
  loadEnvFile();
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${prefix}${error.message}`);
    process.exit(1);
  }
}

export function parseBool(value, fallback) {
  if (value === undefined || value === "") return fallback;
  const text = String(value).trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(text)) return true;
  if (["false", "0", "no", "off"].includes(text)) return false;
  throw new ConfigError(`DEBUG must be true or false (also 1 or 0), not "${value}".`);
}

function parseList(value, fallback) {
  if (value === undefined || value.trim() === "") return fallback;
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

// Whose X-Forwarded-For/-Proto/-Host to believe, in Express's "trust proxy" terms: nobody (false, the default:
// anyone could send them), a number of proxy hops in front (a platform's router: 1), or the addresses of the
// proxies (IPs, CIDR ranges, or loopback, linklocal, uniquelocal).
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
export function parseTrustProxy(value) {
  const text = String(value ?? "").trim();
  if (["", "false", "0", "no", "off"].includes(text.toLowerCase())) return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(",").map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.find((entry) => {
    const [address, bits, ...rest] = entry.split("/");
    if (PROXY_NAMES.has(entry)) return false;
    return !net.isIP(address) || rest.length > 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits));
  });
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be false, a number of proxy hops, or proxy addresses (IPs, CIDR ranges, loopback, linklocal, uniquelocal), not "${bad}".`,
    );
  }
  return entries;
}

// sqlite:///db.sqlite3 is a path relative to the project, sqlite:////var/data/db.sqlite3 an absolute one.
export function sqlitePath(url) {
  const prefix = "sqlite:///";
  if (!url.startsWith(prefix)) {
    throw new ConfigError(`DATABASE_URL must be a sqlite:/// URL in this project (its schema is SQLite's), not "${url}".`);
  }
  const file = url.slice(prefix.length);
  if (file === ":memory:") return file;
  return path.isAbsolute(file) ? file : path.join(ROOT, file);
}

// postgres://user:password@host:5432/name (postgresql:// too), as every PostgreSQL host hands it out.
export function postgresUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !["postgres:", "postgresql:"].includes(parsed.protocol) || parsed.pathname.length < 2) {
    throw new ConfigError(
      `DATABASE_URL must be a postgres://user:password@host:5432/name URL in this project (its schema is PostgreSQL's), not "${url}".`,
    );
  }
  // A URL without a user name means the operating-system user, as libpq (psql, Django) reads it: node-postgres
  // would take $USER instead, which a service manager or a CI runner may leave unset.
  if (!parsed.username && !process.env.PGUSER) {
    try {
      parsed.username = os.userInfo().username;
    } catch {
      // No passwd entry for this uid (a container's arbitrary user): PostgreSQL then names the missing user.
    }
  }
  return parsed.href;
}
// redis://[:password@]host:6379/0 (rediss:// with TLS), as every Redis host hands it out.
export function redisUrl(url) {
  if (!/^rediss?:\/\/[^/]+/.test(url)) throw new ConfigError(`REDIS_URL must be a redis://host:6379/0 URL, not "${url}".`);
  return url;
}

// REDIS_URL alone: the cache (src/cache.js) connects on first use, without the rest of the configuration.
export function redisUrlOf(env = process.env) {
  return redisUrl(env.REDIS_URL || "redis://127.0.0.1:6379/0");
}

// The database a DATABASE_URL names: a file path for SQLite, the URL itself for PostgreSQL.
export function databaseTarget(url = DEFAULT_DATABASE_URL) {
  return DIALECT === "postgresql" ? postgresUrl(url) : sqlitePath(url);
}

// Django's ALLOWED_HOSTS rules: "*" is any host, ".example.com" the domain and its subdomains.
export function hostAllowed(host, allowed) {
  const name = String(host || "").toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === "*" || p === name || (p.startsWith(".") && (name === p.slice(1) || name.endsWith(p)));
  });
}

export function readConfig(env = process.env) {
  // Off unless asked for: DEBUG shows stack traces to whoever triggers an error.
  const debug = parseBool(env.DEBUG, false);
  const secretKey = env.SECRET_KEY ?? "";
  if (!debug && (secretKey.length < MIN_SECRET_KEY_LENGTH || secretKey === EXAMPLE_SECRET_KEY)) {
    throw new ConfigError(
      `SECRET_KEY must be a random string of ${MIN_SECRET_KEY_LENGTH} characters or more (not missing, shorter or the example ` +
        "value) while DEBUG is off: node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\" makes one.",
    );
  }
  const port = Number.parseInt(env.PORT || "8000", 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, not "${env.PORT}".`);
  }
  return {
    debug,
    secretKey: secretKey || processSecretKey(),
    database: databaseTarget(env.DATABASE_URL || DEFAULT_DATABASE_URL),
    // Redis: the cache and the job queue (src/cache.js, src/jobs/queue.js).
    redisUrl: redisUrlOf(env),
    // With DEBUG on any host name is accepted; otherwise only these (the health checks answer any host).
    allowedHosts: parseList(env.ALLOWED_HOSTS, debug ? ["*"] : ["localhost", "127.0.0.1", "[::1]"]),
    // With DEBUG on, only this machine can reach the server unless HOST says otherwise.
    host: env.HOST || (debug ? "127.0.0.1" : "0.0.0.0"),
    port,
    // The proxies whose X-Forwarded-* headers are believed (parseTrustProxy): none unless configured.
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

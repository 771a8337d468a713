// Configuration from the environment (and a .env file where present), read once at start-up.
// Every variable is listed with a comment in .env.example.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

// The project directory. Next's standalone server changes into .next/standalone/ (a copy of the files it
// needs) before it starts, so relative paths in DATABASE_URL and the .env file stay relative to the project.
function projectRoot(cwd: string = process.cwd()): string {
  const standalone = path.basename(cwd) === "standalone" && path.basename(path.dirname(cwd)) === ".next";
  return standalone ? path.resolve(cwd, "..", "..") : cwd;
}

export const ROOT = projectRoot();

// The database this project's schema is written for (src/schema.ts, migrations/).
export const DIALECT: "postgresql" | "sqlite" = "postgresql";
const DEFAULT_DATABASE_URL = "postgres://127.0.0.1:5432/library";

// The value older .env.example files shipped with: refused, as a missing or short key is, while DEBUG is off.
export const EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string";
export const MIN_SECRET_KEY_LENGTH = 32;

// With DEBUG on and no SECRET_KEY: a random key, made once per process (its signatures lapse on restart). Kept
// on globalThis so that every module graph of the process signs with the same key (Next.js bundles proxy.ts
// apart from the pages and route handlers).
const PROCESS_KEY = Symbol.for("app.processSecretKey");
const processGlobals = globalThis as typeof globalThis & { [PROCESS_KEY]?: string };
function processSecretKey(): string {
  processGlobals[PROCESS_KEY] ??= crypto.randomBytes(32).toString("base64url");
  return processGlobals[PROCESS_KEY];
}

export class ConfigError extends Error {}

// The variables a configuration is read from: process.env, or a test's own.
export type Environment = Readonly<Record<string, string | undefined>>;

// Variables already set in the environment win over the .env file (as with Django's django-environ).
export function loadEnvFile(file: string = path.join(ROOT, ".env")): void {
  // turbopackIgnore: the .env file is read at run time; without it Next would copy the whole project into
  // the standalone build to be safe.
  if (fs.existsSync(/*turbopackIgnore: true*/ file)) {
    process.loadEnvFile(file);
  }
}

// What every entry point (web, worker, scripts) does first: load .env, then `read` the configuration; a
// configuration that cannot be used is one line on stderr (after `prefix`) and exit status 1, never a trace.
export function configOrExit(): Config;
export function configOrExit<T>(options: { read: () => T; prefix?: string }): T;
export function configOrExit(options: { prefix: string }): Config;
export function configOrExit<T>({
  read = readConfig as () => T,
  prefix = "Refusing to start: ",
}: { read?: () => T; prefix?: string } = {}): T {
  loadEnvFile();
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${prefix}${error.message}`);
    process.exit(1);
  }
}

function parseList(value: string | undefined, fallback: string[]): string[] {
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
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const text = (value ?? "").trim();
  if (["", "false", "0", "no", "off"].includes(text.toLowerCase())) return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.find((entry) => {
    const [address, bits, ...rest] = entry.split("/");
    if (PROXY_NAMES.has(entry)) return false;
    return !net.isIP(address ?? "") || rest.length > 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits));
  });
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be false, a number of proxy hops, or proxy addresses (IPs, CIDR ranges, loopback, linklocal, uniquelocal), not "${bad}".`,
    );
  }
  return entries;
}

// sqlite:///db.sqlite3 is a path relative to the project, sqlite:////var/data/db.sqlite3 an absolute one.
export function sqlitePath(url: string): string {
  const prefix = "sqlite:///";
  if (!url.startsWith(prefix)) {
    throw new ConfigError(
      `DATABASE_URL must be a sqlite:/// URL in this project (its schema is SQLite's), not "${url}".`,
    );
  }
  const file = url.slice(prefix.length);
  if (file === ":memory:") return file;
  return path.isAbsolute(file) ? file : path.join(ROOT, file);
}

// postgres://user:password@host:5432/name (postgresql:// too), as every PostgreSQL host hands it out.
export function postgresUrl(url: string): string {
  let parsed: URL | null;
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
export function redisUrl(url: string): string {
  if (!/^rediss?:\/\/[^/]+/.test(url)) {
    throw new ConfigError(`REDIS_URL must be a redis://host:6379/0 URL, not "${url}".`);
  }
  return url;
}

// REDIS_URL alone: the cache (src/cache.ts) connects on first use, without the rest of the configuration.
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0";

export function redisUrlOf(env: Environment = process.env): string {
  return redisUrl(connectionUrls(env).REDIS_URL || DEFAULT_REDIS_URL);
}

// One part of a connection given in parts, refused by name when missing.
function part(env: Environment, name: string, prefix: string): string {
  const value = (env[name] ?? "").trim();
  if (!value) {
    throw new ConfigError(
      `${name} must be set: ${prefix}_HOST is set and ${prefix}_URL is not, so the connection is built from the ${prefix}_* variables.`,
    );
  }
  return value;
}

function portPart(env: Environment, name: string, fallback: string): string {
  const value = (env[name] ?? "").trim() || fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(`${name} must be a port number, not "${value}".`);
  }
  return value;
}

// On AWS the connections come in parts (infra/main.tf sets them), each password from a secret of its own:
// DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, DATABASE_PASSWORD; REDIS_HOST, REDIS_PORT,
// REDIS_AUTH_TOKEN. DATABASE_URL and REDIS_URL win (local runs, compose, tests): a part counts only while its
// URL is unset. PostgreSQL is reached over TLS (sslmode=require, as libpq and Django read it: encrypted, the
// connection refused without TLS); Redis over TLS with its certificate verified (rediss://).
export function connectionUrls(env: Environment): Environment {
  const urls: Record<string, string | undefined> = {};
  if (!(env.DATABASE_URL ?? "").trim() && (env.DATABASE_HOST ?? "").trim()) {
    const user = encodeURIComponent(part(env, "DATABASE_USER", "DATABASE"));
    const password = encodeURIComponent(part(env, "DATABASE_PASSWORD", "DATABASE"));
    const name = encodeURIComponent(part(env, "DATABASE_NAME", "DATABASE"));
    const address = `${(env.DATABASE_HOST ?? "").trim()}:${portPart(env, "DATABASE_PORT", "5432")}`;
    urls.DATABASE_URL = `postgres://${user}:${password}@${address}/${name}?sslmode=require&uselibpqcompat=true`;
  }
  if (!(env.REDIS_URL ?? "").trim() && (env.REDIS_HOST ?? "").trim()) {
    const token = encodeURIComponent(part(env, "REDIS_AUTH_TOKEN", "REDIS"));
    urls.REDIS_URL = `rediss://:${token}@${(env.REDIS_HOST ?? "").trim()}:${portPart(env, "REDIS_PORT", "6379")}/0`;
  }
  return { ...env, ...urls };
}

// The jobs' files (CSV exports and imports' uploads) in a private S3 bucket, when AWS_STORAGE_BUCKET_NAME names
// one (src/jobs/bucket.ts): the credentials come from the environment or, on AWS, the task's role.
export interface StorageConfig {
  bucket: string;
  region: string | undefined;
  // Another S3 API (a local one for tests); unset on AWS.
  endpoint: string | undefined;
  // How long a download link stays valid, in seconds.
  expiresIn: number;
}

// The database a DATABASE_URL names: a file path for SQLite, the URL itself for PostgreSQL.
export function databaseTarget(url: string = DEFAULT_DATABASE_URL): string {
  return DIALECT === "postgresql" ? postgresUrl(url) : sqlitePath(url);
}

// Django's ALLOWED_HOSTS rules: "*" is any host, ".example.com" the domain and its subdomains.
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  const name = String(host || "").toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === "*" || p === name || (p.startsWith(".") && (name === p.slice(1) || name.endsWith(p)));
  });
}

export interface Config {
  debug: boolean;
  secretKey: string;
  database: string;
  redisUrl: string;
  storage: StorageConfig | null;
  allowedHosts: string[];
  host: string;
  port: number;
  trustProxy: false | number | string[];
}

// A variable set to nothing (DEBUG=) counts as not set.
const blankAsUnset = (value: unknown): unknown =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

// A zod transform of one of the parsers above, whose ConfigError becomes the variable's issue.
function parsedBy<V, T>(parse: (value: V) => T) {
  return (value: V, ctx: z.RefinementCtx): T => {
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  };
}

// The bucket's variables (as django-storages names them), read with the rest or alone (storageConfig).
const storageVariables = z.object({
  AWS_STORAGE_BUCKET_NAME: z.preprocess(blankAsUnset, z.string().trim().optional()),
  AWS_S3_REGION_NAME: z.preprocess(blankAsUnset, z.string().trim().optional()),
  AWS_S3_ENDPOINT_URL: z.preprocess(
    blankAsUnset,
    z.url({ protocol: /^https?$/, error: "AWS_S3_ENDPOINT_URL must be an http:// or https:// URL." }).optional(),
  ),
  AWS_QUERYSTRING_EXPIRE: z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ error: "AWS_QUERYSTRING_EXPIRE must be a number of seconds." })
      .int("AWS_QUERYSTRING_EXPIRE must be a whole number of seconds.")
      .min(1, "AWS_QUERYSTRING_EXPIRE must be from 1 to 604800 seconds (a week).")
      .max(604800, "AWS_QUERYSTRING_EXPIRE must be from 1 to 604800 seconds (a week).")
      .default(300),
  ),
});

function storageOf(env: z.infer<typeof storageVariables>): StorageConfig | null {
  if (!env.AWS_STORAGE_BUCKET_NAME) return null;
  return {
    bucket: env.AWS_STORAGE_BUCKET_NAME,
    region: env.AWS_S3_REGION_NAME,
    endpoint: env.AWS_S3_ENDPOINT_URL,
    expiresIn: env.AWS_QUERYSTRING_EXPIRE,
  };
}

// The bucket's settings alone: the jobs' files (src/jobs/bucket.ts) read them on first use, without the rest.
export function storageConfig(env: Environment = process.env): StorageConfig | null {
  const parsed = storageVariables.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues[0]?.message ?? "The bucket's settings cannot be used.");
  }
  return storageOf(parsed.data);
}

// Every variable the app reads, as one zod schema; readConfig() answers its first issue, one sentence naming the
// variable.
const environment = z
  .object({
    // Off unless asked for: DEBUG shows stack traces to whoever triggers an error.
    DEBUG: z.preprocess(
      (value) => (typeof value === "string" ? blankAsUnset(value.trim()) : value),
      z
        .stringbool({
          truthy: ["true", "1", "yes", "on"],
          falsy: ["false", "0", "no", "off"],
          case: "insensitive",
          error: (issue) => `DEBUG must be true or false (also 1 or 0), not "${String(issue.input as string)}".`,
        })
        .default(false),
    ),
    SECRET_KEY: z.string().default(""),
    DATABASE_URL: z.preprocess(
      blankAsUnset,
      z.string().default(DEFAULT_DATABASE_URL).transform(parsedBy(databaseTarget)),
    ),
    REDIS_URL: z.preprocess(blankAsUnset, z.string().default(DEFAULT_REDIS_URL).transform(parsedBy(redisUrl))),
    ALLOWED_HOSTS: z.string().optional(),
    HOST: z.preprocess(blankAsUnset, z.string().optional()),
    PORT: z.preprocess(
      blankAsUnset,
      z
        .string()
        .default("8000")
        .transform((value, ctx) => {
          const port = Number.parseInt(value, 10);
          if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
          ctx.addIssue({ code: "custom", message: `PORT must be a port number, not "${value}".` });
          return z.NEVER;
        }),
    ),
    TRUST_PROXY: z.string().optional().transform(parsedBy(parseTrustProxy)),
    ...storageVariables.shape,
  })
  .superRefine(({ DEBUG, SECRET_KEY }, ctx) => {
    if (!DEBUG && (SECRET_KEY.length < MIN_SECRET_KEY_LENGTH || SECRET_KEY === EXAMPLE_SECRET_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: ["SECRET_KEY"],
        message:
          `SECRET_KEY must be a random string of ${MIN_SECRET_KEY_LENGTH} characters or more (not missing, shorter or the example ` +
          "value) while DEBUG is off: node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\" makes one.",
      });
    }
  })
  .transform((env): Config => ({
    debug: env.DEBUG,
    secretKey: env.SECRET_KEY || processSecretKey(),
    database: env.DATABASE_URL,
    // Redis: the cache and the job queue (src/cache.ts, src/jobs/queue.ts).
    redisUrl: env.REDIS_URL,
    // The jobs' files: in an S3 bucket, or in the database (null).
    storage: storageOf(env),
    // With DEBUG on any host name is accepted; otherwise only these (the health checks answer any host).
    allowedHosts: parseList(env.ALLOWED_HOSTS, env.DEBUG ? ["*"] : ["localhost", "127.0.0.1", "[::1]"]),
    // With DEBUG on, only this machine can reach the server unless HOST says otherwise.
    host: env.HOST ?? (env.DEBUG ? "127.0.0.1" : "0.0.0.0"),
    port: env.PORT,
    // The proxies whose X-Forwarded-* headers are believed (parseTrustProxy): none unless configured.
    trustProxy: env.TRUST_PROXY,
  }));

export function readConfig(env: Environment = process.env): Config {
  const parsed = environment.safeParse(connectionUrls(env));
  if (!parsed.success) throw new ConfigError(parsed.error.issues[0]?.message ?? "The configuration cannot be used.");
  return parsed.data;
}

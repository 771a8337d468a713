// The Procfile's web worker: Next.js's request handler for the standalone build (`npm run build`), started as
// the build's own server.js starts it, behind a cache of visitors' list pages (src/page-cache.js).
// `node src/next-server.js [standalone folder]` serves on HOSTNAME:PORT; src/cluster.js runs WEB_CONCURRENCY.
//
// Next.js renders a list page for every request (it depends on the database and on ?q=, filters and the page
// number), a few milliseconds of CPU each. A visitor's list page is the same for every visitor until the data
// changes, so its answer is kept and sent again until then. Kept: a GET of an entity's list page from a visitor
// (no session cookie) for the whole page (not the React Server Components payload of a client-side
// navigation), answered 200 with no cookie; under its host, path with query, and the Accept-Encoding it was
// compressed for. Every other request goes to Next.js, proxy.js first, as it would without this file.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { configOrExit } from "./config.js";
import { closeDatabase, openDatabase } from "./db.js";
import { entities } from "./entities.js";
import { PageCache } from "./page-cache.js";

const LIST_PAGES = new Set(entities.map((entity) => `/${entity.plural}/`));
const SESSION_COOKIE = /(?:^|;)\s*session=/;
// The request headers of a client-side navigation or a server action: Next.js answers them with something
// else than the page (its Vary header names them).
const NEXT_REQUEST_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action"];
// Response headers written afresh for each answer, never kept.
const NOT_KEPT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "set-cookie"]);

function keyOf(req) {
  const [pathname] = req.url.split("?", 1);
  if (req.method !== "GET" || !LIST_PAGES.has(pathname)) return null;
  if (SESSION_COOKIE.test(req.headers.cookie ?? "")) return null;
  if (NEXT_REQUEST_HEADERS.some((name) => name in req.headers)) return null;
  return JSON.stringify([req.headers.host ?? "", req.headers["accept-encoding"] ?? "", req.url]);
}

// Sends a kept answer: its headers and bytes, with X-Page-Cache: HIT (as a CDN says it answered from its cache).
function sendKept(res, kept) {
  res.writeHead(200, { ...kept.headers, "content-length": kept.body.length, "x-page-cache": "HIT" });
  res.end(kept.body);
}

// Lets Next.js answer, keeping a copy of what it writes; `done(answer)` gets it when the answer could be kept.
function answerKeeping(handle, req, res, done) {
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const collect = (chunk, encoding) => {
    if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? encoding : undefined));
  };
  res.write = (chunk, encoding, callback) => {
    collect(chunk, encoding);
    return write(chunk, encoding, callback);
  };
  res.end = (chunk, encoding, callback) => {
    collect(chunk, encoding);
    if (res.statusCode === 200 && !res.hasHeader("set-cookie")) {
      const headers = Object.fromEntries(Object.entries(res.getHeaders()).filter(([name]) => !NOT_KEPT.has(name)));
      done({ headers, body: Buffer.concat(chunks) });
    }
    return end(chunk, encoding, callback);
  };
  return handle(req, res);
}

// The kept answer for `key`, or else the data's generation before Next.js reads it; null when the cache
// cannot say (the SQLite file unreadable): Next.js answers then, as without a cache.
function lookUp(pages, key) {
  try {
    const kept = pages.get(key);
    return kept ? { kept } : { generation: pages.generation() };
  } catch {
    return null;
  }
}

function keep(pages, key, answer, generation) {
  try {
    pages.set(key, answer, generation);
  } catch {
    // not kept: the next visitor's request is rendered
  }
}

async function start() {
  const config = configOrExit();
  const standalone = path.resolve(process.argv[2] ?? ".next/standalone");
  // What `next build` wrote for the standalone server: the configuration it was built with.
  const built = JSON.parse(fs.readFileSync(path.join(standalone, ".next", "required-server-files.json"), "utf8"));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(built.config);
  // Before Next.js and React are loaded: they pick their production builds from it.
  process.env.NODE_ENV = "production";
  const { default: next } = await import("next");
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOSTNAME || "0.0.0.0";
  const app = next({ dir: standalone, dev: false, conf: built.config, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  // The cache's own connection: it listens for writes (PostgreSQL) or reads data_version (SQLite).
  const db = openDatabase(config.database);
  const pages = new PageCache(db);
  const server = http.createServer((req, res) => {
    const key = keyOf(req);
    const found = key === null ? null : lookUp(pages, key);
    if (found === null) return handle(req, res);
    if (found.kept) return sendKept(res, found.kept);
    return answerKeeping(handle, req, res, (answer) => keep(pages, key, answer, found.generation));
  });
  server.listen(port, hostname, () => console.log(`Serving on http://${hostname}:${port}/ (Next.js, DEBUG ${config.debug ? "on" : "off"})`));
  server.on("error", (error) => {
    console.error(`Cannot listen on ${hostname}:${port}: ${error.message}`);
    process.exit(1);
  });

  // A platform stops a process with SIGTERM: finish the requests in flight, then close Next.js and the
  // database. Under src/cluster.js a worker may get the signal twice (from the primary and its process group).
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close(async () => {
      await app.close();
      await closeDatabase(db);
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await start();

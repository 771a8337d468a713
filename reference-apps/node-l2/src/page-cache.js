// A visitor's list pages, kept in this process's memory once rendered and answered from there while the data
// is unchanged. A visitor's page shows nothing but data (no user name, no CSRF token, no message: only
// signed-in users can write), so every visitor gets the same page for the same URL; signed-in users' pages are
// rendered each time.
//
// answeringFromCache() is the web process's front (src/next-server.js): it sends a kept page itself,
// without Next.js, and keeps what Next.js answers to a visitor's GET of a list page. Kept: the
// whole answer (headers and bytes) to a request with no session cookie and no Authorization header, answered
// 200 with no cookie; under its host, path with query, Accept-Encoding.
// Every other request goes to Next.js, proxy.js first, as it would without this file.
//
// All pages go at once (a list shows other entities' names too) when:
// - anything is created, updated or deleted (by this process's Next.js pages and API, another web worker,
//   `npm run seed`, the background worker's imports): src/db.js hears of it through
//   PostgreSQL's LISTEN/NOTIFY within milliseconds. While this process is not listening (PostgreSQL
//   restarting), nothing is answered from here;
// - a page is MAX_AGE_SECONDS old: the bound for a write nothing announces (an UPDATE typed into a database
//   shell, which notifies nobody).
import { watchWrites } from "./db.js";
import { entities } from "./entities.js";

const MAX_PAGES = 500; // past it, the oldest page goes
const MAX_AGE_SECONDS = 60;

export class PageCache {
  #pages = new Map();
  #generation = 0;
  #writes;

  constructor(db) {
    this.#writes = watchWrites(db);
  }

  // The data's generation now: a write since the last call starts a new one, without the old pages.
  generation() {
    if (this.#writes.changed()) {
      this.#generation += 1;
      this.#pages.clear();
    }
    return this.#generation;
  }

  get(key) {
    this.generation();
    const page = this.#pages.get(key);
    if (!page || !this.#writes.live()) return undefined;
    if (Date.now() - page.at > MAX_AGE_SECONDS * 1000) {
      this.#pages.delete(key);
      return undefined;
    }
    return page.content;
  }

  // Keeps a page (whatever the caller needs to send it again) rendered from the data of `generation` (read
  // before its queries), unless that has changed: a page read just before a write must not outlive it.
  set(key, content, generation) {
    if (generation !== this.generation() || !this.#writes.live()) return;
    if (this.#pages.size >= MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value);
    this.#pages.set(key, { content, at: Date.now() });
  }
}

const LIST_PAGES = new Set(entities.map((entity) => `/${entity.plural}/`));
const SESSION_COOKIE = /(?:^|;)\s*session=/;
// Requests with these headers go to the app and are never kept: a user's token; a client-side navigation or a
// server action, which Next.js answers with something else than the page (its Vary header names them).
const PASSED_ON = ["authorization", "rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action"];
// Request headers that choose between kept answers, beside the host and Accept-Encoding.
const VARIES = [];
// Response headers written afresh for each answer, never kept.
const NOT_KEPT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "set-cookie"]);

function keyOf(req) {
  const [pathname] = req.url.split("?", 1);
  if (req.method !== "GET" || !LIST_PAGES.has(pathname)) return null;
  if (SESSION_COOKIE.test(req.headers.cookie ?? "")) return null;
  if (PASSED_ON.some((name) => name in req.headers)) return null;
  const varies = VARIES.map((name) => req.headers[name] ?? "");
  return JSON.stringify([req.headers.host ?? "", req.headers["accept-encoding"] ?? "", ...varies, req.url]);
}

// Whether the client holds the kept page already (its If-None-Match names the kept ETag).
function notModified(req, etag) {
  const held = req.headers["if-none-match"];
  return Boolean(etag && held) && held.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*");
}

// Sends a kept answer: its headers and bytes, with X-Page-Cache: HIT (as a CDN says it answered from its cache).
function sendKept(req, res, kept) {
  if (notModified(req, kept.headers.etag)) {
    res.writeHead(304, { etag: kept.headers.etag, "x-page-cache": "HIT" });
    return res.end();
  }
  res.writeHead(200, { ...kept.headers, "content-length": kept.body.length, "x-page-cache": "HIT" });
  return res.end(kept.body);
}

// Lets the app answer, keeping a copy of what it writes; `done(answer)` gets it when the answer can be kept
// (checked once it is sent: a cookie may be set as the headers are written).
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
    const ended = end(chunk, encoding, callback);
    if (res.statusCode === 200 && !res.hasHeader("set-cookie")) {
      const headers = Object.fromEntries(Object.entries(res.getHeaders()).filter(([name]) => !NOT_KEPT.has(name)));
      done({ headers, body: Buffer.concat(chunks) });
    }
    return ended;
  };
  return handle(req, res);
}

// The kept answer for `key`, or else the data's generation before the app reads it; null when the cache
// cannot say (the SQLite file unreadable): the app answers then, as without a cache.
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

// The request listener of the web process's HTTP server: kept pages from `pages`, the rest from `handle`.
export function answeringFromCache(pages, handle) {
  return (req, res) => {
    const key = keyOf(req);
    const found = key === null ? null : lookUp(pages, key);
    if (found === null) return handle(req, res);
    if (found.kept) return sendKept(req, res, found.kept);
    return answerKeeping(handle, req, res, (answer) => keep(pages, key, answer, found.generation));
  };
}

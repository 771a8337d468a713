// The Procfile's web worker: Next.js's request handler for the standalone build (`npm run build`), started as
// the build's own server.js starts it, behind a cache of visitors' list pages (src/page-cache.js).
// `node src/next-server.js [standalone folder]` serves on HOSTNAME:PORT; src/cluster.js runs WEB_CONCURRENCY.
//
// Next.js renders a list page for every request (it depends on the database and on ?q=, filters and the page
// number), a few milliseconds of CPU each. A visitor's list page is the same for every visitor until the data
// changes, so answeringFromCache() keeps what Next.js answers and sends it again until then, without Next.js;
// every other request goes to Next.js, proxy.js first, as it would without the cache.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { configOrExit } from "./config.js";
import { closeDatabase, openDatabase } from "./db.js";
import { PageCache, answeringFromCache } from "./page-cache.js";

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
  const server = http.createServer(answeringFromCache(pages, handle));
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

// `npm start` (the Procfile's web process): read the configuration, open the database, serve on HOST:PORT.
import type { AddressInfo } from "node:net";
import { createApp } from "./app.ts";
import { configOrExit } from "./config.ts";
import { closeDatabase, openDatabase, schemaIsMissing } from "./db.ts";

async function start() {
  const config = configOrExit();
  const db = openDatabase(config.database);
  if (await schemaIsMissing(db).catch(() => false)) {
    console.warn("The database has no tables yet: run `npm run migrate`.");
  }
  const server = createApp({ config, db }).listen(config.port, config.host, () => {
    const { address, port } = server.address() as AddressInfo;
    console.log(
      `Serving on http://${address.includes(":") ? `[${address}]` : address}:${port}/ (DEBUG ${config.debug ? "on" : "off"})`,
    );
  });
  server.on("error", (error) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });

  // A platform stops a process with SIGTERM: finish the requests in flight, then close the database. Under
  // src/cluster.ts a worker may get the signal twice (from the primary and from a process group's kill).
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close(async () => {
      await closeDatabase(db);
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await start();

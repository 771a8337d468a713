// Health endpoints for load balancers, platforms and container health checks. They are mounted before the
// host-name check, so a probe of http://127.0.0.1:8000/health/live/ gets its answer whatever ALLOWED_HOSTS says.
import express, { type Router } from "express";
import { databaseIsReachable, type Database } from "./db.ts";

// A backing service's check: "ok", or why it does not answer.
export type Probe = () => Promise<string>;

// Mounted at /health (app.ts), so it sees the health checks only. `services`: the checks of the other backing
// services by name (each answers "ok" or why not), where the app has them.
export function healthRouter(db: Database, services: Record<string, Probe> = {}): Router {
  const router = express.Router({ strict: false });
  // A health answer is never cached.
  router.use((req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  // Answers while the process serves.
  router.get("/live/", (req, res) => res.json({ status: "ok" }));
  // Also checks every backing service (the database, and the services passed in); 503 names the one that fails.
  router.get("/ready/", async (req, res) => {
    const probes: Record<string, Probe> = { database: () => databaseIsReachable(db), ...services };
    const states = await Promise.all(Object.values(probes).map((probe) => probe()));
    const checks = Object.fromEntries(Object.keys(probes).map((name, i) => [name, states[i]]));
    const healthy = Object.values(checks).every((state) => state === "ok");
    res.status(healthy ? 200 : 503).json({ status: healthy ? "ok" : "error", checks });
  });
  return router;
}

// Health endpoints for load balancers, platforms and container health checks. They are mounted before the
// host-name check, so a probe of http://127.0.0.1:8000/health/live/ gets its answer whatever ALLOWED_HOSTS says.
import express from "express";
import { databaseIsReachable } from "./db.js";

export function healthRouter(db) {
  const router = express.Router({ strict: false });
  router.use((req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  // Answers while the process serves.
  router.get("/health/live/", (req, res) => res.json({ status: "ok" }));
  // Also checks every backing service (here: the database); 503 names the one that fails.
  router.get("/health/ready/", async (req, res) => {
    const checks = { database: await databaseIsReachable(db) };
    const healthy = Object.values(checks).every((state) => state === "ok");
    res.status(healthy ? 200 : 503).json({ status: healthy ? "ok" : "error", checks });
  });
  return router;
}

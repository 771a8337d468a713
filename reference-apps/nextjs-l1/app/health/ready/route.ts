// Also checks every backing service (here: the database); 503 names the one that fails.
<<<<<<< HEAD:reference-apps/nextjs-l1/app/health/ready/route.js
import { databaseIsReachable } from "../../../src/db";
import { database } from "../../_lib/server.js";
=======
import { databaseIsReachable } from "@/src/db";
import { database } from "../../_lib/server";
>>>>>>> next-actions:reference-apps/nextjs-l1/app/health/ready/route.ts

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const checks = { database: await databaseIsReachable(database()) };
  const healthy = Object.values(checks).every((state) => state === "ok");
  return Response.json({ status: healthy ? "ok" : "error", checks }, { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

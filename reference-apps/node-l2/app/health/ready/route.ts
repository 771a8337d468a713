// Also checks every backing service (the database, the cache and the job queue's broker); 503 names the one that fails.
import { cacheIsReachable } from "@/src/cache";
import { databaseIsReachable } from "@/src/db";
import { brokerIsReachable } from "@/src/jobs/queue";
import { database, settings } from "../../_lib/server";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const [db, cache, broker] = await Promise.all([
    databaseIsReachable(database()),
    cacheIsReachable(),
    brokerIsReachable(settings().redisUrl),
  ]);
  const checks = { database: db, cache, broker };
  const healthy = Object.values(checks).every((state) => state === "ok");
  return Response.json(
    { status: healthy ? "ok" : "error", checks },
    { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

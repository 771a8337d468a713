// Also checks every backing service (here: the database); 503 names the one that fails.
import { databaseIsReachable } from "@/src/db";
import { database } from "../../_lib/server";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const checks = { database: await databaseIsReachable(database()) };
  const healthy = Object.values(checks).every((state) => state === "ok");
  return Response.json(
    { status: healthy ? "ok" : "error", checks },
    { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

// GET /jobs/<id>/status.json: the job's state for scripts and tests (status, rows, counts, links).
import { statusOf, visibleJob } from "@/src/jobs/store";
import { answeringPage } from "../../../_lib/outage";
import { database } from "../../../_lib/server";
import { currentUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

async function get(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await currentUser();
  const job = await visibleJob(database(), user, (await params).id);
  if (!job) return Response.json({ detail: "Not found." }, { status: 404 });
  return Response.json(statusOf(job), { headers: { "Cache-Control": "no-store" } });
}

export const GET = answeringPage(get);

// GET /jobs/<id>/status.json: the job's state for scripts and tests (status, rows, counts, links).
import { statusOf, visibleJob } from "../../../../src/jobs/store";
import { answeringPage } from "../../../_lib/outage.js";
import { database } from "../../../_lib/server.js";
import { currentSession } from "../../../_lib/session.js";

export const dynamic = "force-dynamic";

async function get(request, { params }) {
  const { user } = await currentSession();
  const job = await visibleJob(database(), user, (await params).id);
  if (!job) return Response.json({ detail: "Not found." }, { status: 404 });
  return Response.json(statusOf(job), { headers: { "Cache-Control": "no-store" } });
}

export const GET = answeringPage(get);

// GET /jobs/<id>/download/: the CSV a finished export wrote.
import { entityByName } from "@/src/entities";
import { resultOf, visibleJob } from "@/src/jobs/store";
import { answeringPage } from "../../../_lib/outage";
import { database } from "../../../_lib/server";
import { currentUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

async function get(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await currentUser();
  const job = await visibleJob(database(), user, (await params).id);
  const result = job && job.kind === "export" && job.status === "done" ? await resultOf(database(), job.id) : null;
  if (!job || result === null) return new Response("This job has no file to download.", { status: 404 });
  const filename = `${entityByName.get(job.entity)?.plural ?? "export"}.csv`;
  return new Response(result, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` },
  });
}

export const GET = answeringPage(get);

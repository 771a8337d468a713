// GET /jobs/<id>/download/: the CSV a finished export wrote, from the job's row or, through a short-lived signed link, from the bucket.
import { entityByName } from "@/src/entities";
import { downloadUrl, exportKey } from "@/src/jobs/bucket";
import { resultOf, visibleJob } from "@/src/jobs/store";
import { answeringPage } from "../../../_lib/outage";
import { database } from "../../../_lib/server";
import { currentUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

async function get(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await currentUser();
  const job = await visibleJob(database(), user, (await params).id);
  if (!job || job.kind !== "export" || job.status !== "done") {
    return new Response("This job has no file to download.", { status: 404 });
  }
  const filename = `${entityByName.get(job.entity)?.plural ?? "export"}.csv`;
  const result = await resultOf(database(), job.id);
  if (result === null) {
    // Not in the row: in the bucket. Its owner (or an admin) was checked above; the link works for minutes.
    const url = await downloadUrl(exportKey(job.id), filename);
    if (url === null) return new Response("This job has no file to download.", { status: 404 });
    return new Response(null, { status: 302, headers: { Location: url, "Cache-Control": "no-store" } });
  }
  return new Response(result, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` },
  });
}

export const GET = answeringPage(get);

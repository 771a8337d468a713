// POST /jobs/export/<entity>/?<list query> (rewritten here by proxy.js): start an export, 303 to its job page.
import { startJob } from "../../../../../src/jobs/store.js";
import { entityNamed, redisUrl } from "../../../../_lib/jobs.js";
import { database } from "../../../../_lib/server.js";
import { csrfFailed, loginRedirect, readPost, seeOther } from "../../../../_lib/session.js";

export async function POST(request, { params }) {
  const entity = entityNamed((await params).name);
  if (!entity) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  url.searchParams.delete("page");
  const { user, csrfOk } = await readPost(request);
  if (!user) return loginRedirect(`/jobs/export/${entity.table}/${url.search}`);
  if (!csrfOk) return csrfFailed();
  const job = await startJob(database(), redisUrl(), { kind: "export", entity, userId: user.id, query: url.searchParams.toString() });
  return seeOther(`/jobs/${job.id}/`);
}

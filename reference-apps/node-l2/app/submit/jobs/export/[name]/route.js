// POST /jobs/export/<entity>/?<list query> (rewritten here by proxy.js): start an export, 303 to its job page.
import { entityNamed, exportQuery, startExport } from "../../../../../src/jobs/web";
import { redisUrl } from "../../../../_lib/jobs.js";
import { answeringPage } from "../../../../_lib/outage.js";
import { database } from "../../../../_lib/server.js";
import { csrfFailed, loginRedirect, readPost, seeOther } from "../../../../_lib/session.js";

async function post(request, { params }) {
  const entity = entityNamed((await params).name);
  if (!entity) return new Response("Not found", { status: 404 });
  const query = exportQuery(new URL(request.url).searchParams);
  const { user, csrfOk } = await readPost(request);
  if (!user) return loginRedirect(`/jobs/export/${entity.table}/${query.size ? `?${query}` : ""}`);
  if (!csrfOk) return csrfFailed();
  const job = await startExport(database(), redisUrl(), { entity, user, query });
  return seeOther(`/jobs/${job.id}/`);
}

export const POST = answeringPage(post);

// POST /jobs/import/<entity>/ (rewritten here by proxy.js): store the uploaded CSV, queue its import, 303 to
// the job page. A missing, empty or too large file goes back to the form with the reason.
import { entityNamed, startImport, uploadProblem } from "../../../../../src/jobs/web";
import { redisUrl } from "../../../../_lib/jobs.js";
import { answeringPage } from "../../../../_lib/outage.js";
import { database } from "../../../../_lib/server.js";
import { csrfFailed, loginRedirect, readPost, seeOther } from "../../../../_lib/session.js";

async function post(request, { params }) {
  const entity = entityNamed((await params).name);
  if (!entity) return new Response("Not found", { status: 404 });
  const path = `/jobs/import/${entity.table}/`;
  const { form, user, csrfOk } = await readPost(request);
  if (!user) return loginRedirect(path);
  if (!csrfOk) return csrfFailed();
  const problem = uploadProblem(form.file);
  if (problem) return seeOther(`${path}?error=${encodeURIComponent(problem)}`);
  const job = await startImport(database(), redisUrl(), { entity, user, file: form.file });
  return seeOther(`/jobs/${job.id}/`);
}

export const POST = answeringPage(post);

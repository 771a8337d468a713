// POST /jobs/import/<entity>/ (rewritten here by proxy.js): store the uploaded CSV, queue its import, 303 to
// the job page. A missing, empty or too large file goes back to the form with the reason.
import { MAX_UPLOAD_BYTES, entityNamed, redisUrl } from "../../../../_lib/jobs.js";
import { startJob } from "../../../../../src/jobs/store.js";
import { database } from "../../../../_lib/server.js";
import { csrfFailed, loginRedirect, readPost, seeOther } from "../../../../_lib/session.js";

function problemWith(file) {
  if (!file || typeof file === "string" || !file.size) return "Choose a CSV file to import.";
  if (file.size > MAX_UPLOAD_BYTES) return `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;
  return "";
}

export async function POST(request, { params }) {
  const entity = entityNamed((await params).name);
  if (!entity) return new Response("Not found", { status: 404 });
  const path = `/jobs/import/${entity.table}/`;
  const { form, user, csrfOk } = await readPost(request);
  if (!user) return loginRedirect(path);
  if (!csrfOk) return csrfFailed();
  const problem = problemWith(form.file);
  if (problem) return seeOther(`${path}?error=${encodeURIComponent(problem)}`);
  const upload = await form.file.text();
  const job = await startJob(database(), redisUrl(), { kind: "import", entity, userId: user.id, upload, uploadName: form.file.name || "upload.csv" });
  return seeOther(`/jobs/${job.id}/`);
}

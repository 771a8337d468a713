// POST /<plural>/<pk>/delete/: the detail page's delete button; 303 to the list (or back, while others refer to it).
import { ProtectedError } from "../../../../src/records";
import { answeringPage } from "../../../_lib/outage.js";
import { recordsFor } from "../../../_lib/server.js";
import { csrfFailed, loginRedirect, readPost, seeOther } from "../../../_lib/session.js";

// GET: the delete button is on the detail page.
async function get(request, { params }) {
  const { plural, pk } = await params;
  return seeOther(`/${plural}/${pk}/`);
}

async function post(request, { params }) {
  const { plural, pk } = await params;
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  if (id === null || !(await records.get(id))) return new Response("Not found", { status: 404 });
  const { user, csrfOk } = await readPost(request);
  if (!user) return loginRedirect(`/${plural}/${id}/`);
  if (!csrfOk) return csrfFailed();
  try {
    await records.delete(id);
  } catch (error) {
    if (!(error instanceof ProtectedError)) throw error;
    return seeOther(`/${plural}/${id}/`);
  }
  return seeOther(`/${plural}/`);
}

export const GET = answeringPage(get);
export const POST = answeringPage(post);

// POST /<plural>/<pk>/edit/ (rewritten here by proxy.js): save, then 303 to the object's page.
import { answeringPage } from "../../../../_lib/outage.js";
import { recordsFor } from "../../../../_lib/server.js";
import { submitForm } from "../../../../_lib/submit.js";

async function post(request, { params }) {
  const { plural, pk } = await params;
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  if (id === null || !(await records.get(id))) return new Response("Not found", { status: 404 });
  return submitForm(request, { path: `/${plural}/${id}/edit/`, entity: records.entity, save: (input) => records.update(id, input) });
}

export const POST = answeringPage(post);

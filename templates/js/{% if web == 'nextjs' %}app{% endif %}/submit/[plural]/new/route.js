// POST /<plural>/new/ (rewritten here by proxy.js): create, then 303 to the new object's page.
import { answeringPage } from "../../../_lib/outage.js";
import { recordsFor } from "../../../_lib/server.js";
import { submitForm } from "../../../_lib/submit.js";

async function post(request, { params }) {
  const { plural } = await params;
  const records = recordsFor(plural);
  if (!records) return new Response("Not found", { status: 404 });
  return submitForm(request, { path: `/${plural}/new/`, entity: records.entity, save: (input) => records.create(input) });
}

export const POST = answeringPage(post);

// GET, PUT, PATCH and DELETE /api/<plural>/<pk>/.
import { jsonBody, notFound, recordsFor, refusedWrite, saving } from "../../../_lib/server.js";

export const dynamic = "force-dynamic";

async function target(params) {
  const { plural, pk } = await params;
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  return id === null || !(await records.get(id)) ? {} : { records, id };
}

export async function GET(request, { params }) {
  const { records, id } = await target(params);
  return records ? Response.json(await records.get(id)) : notFound();
}

async function write(request, params, partial) {
  const { records, id } = await target(params);
  if (!records) return notFound();
  const refused = await refusedWrite(request);
  if (refused) return refused;
  const { body, error } = await jsonBody(request);
  return error || saving(200, () => records.update(id, body, { partial }));
}

export const PUT = (request, context) => write(request, context.params, false);
export const PATCH = (request, context) => write(request, context.params, true);

export async function DELETE(request, { params }) {
  const { records, id } = await target(params);
  if (!records) return notFound();
  return (await refusedWrite(request)) || saving(204, () => records.delete(id));
}

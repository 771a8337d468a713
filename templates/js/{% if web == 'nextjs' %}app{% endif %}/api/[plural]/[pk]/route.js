// GET, PUT, PATCH and DELETE /api/<plural>/<pk>/.
import { answering, jsonBody, notFound, recordsFor, refusedWrite, saving } from "../../../_lib/server.js";

export const dynamic = "force-dynamic";

// The URL's records, pk and stored object; {} when there is no such object (one query, which GET answers with).
async function target(params) {
  const { plural, pk } = await params;
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  const object = id === null ? null : await records.get(id);
  return object ? { records, id, object } : {};
}

export const GET = answering(async (request, { params }) => {
  const { object } = await target(params);
  return object ? Response.json(object) : notFound();
});

async function write(request, params, partial) {
  const { records, id } = await target(params);
  if (!records) return notFound();
  const refused = await refusedWrite(request);
  if (refused) return refused;
  const { body, error } = await jsonBody(request);
  return error || saving(200, () => records.update(id, body, { partial }));
}

export const PUT = answering((request, context) => write(request, context.params, false));
export const PATCH = answering((request, context) => write(request, context.params, true));

export const DELETE = answering(async (request, { params }) => {
  const { records, id } = await target(params);
  if (!records) return notFound();
  return (await refusedWrite(request)) || saving(204, () => records.delete(id));
});

// GET, PUT, PATCH and DELETE /api/<plural>/<pk>/.
import { answering, jsonBody, notFound, recordsFor, refusedWrite, saving } from "../../../_lib/server";

export const dynamic = "force-dynamic";

type Params = Promise<{ plural: string; pk: string }>;
type Context = { params: Params };

// The URL's records, pk and stored object; null when there is no such object (one query, which GET answers with).
async function target(params: Params) {
  const { plural, pk } = await params;
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  const object = records && id !== null ? await records.get(id) : null;
  return records && id !== null && object ? { records, id, object } : null;
}

export const GET = answering(async (_request: Request, { params }: Context) => {
  const found = await target(params);
  return found ? Response.json(found.object) : notFound();
});

async function write(request: Request, params: Params, partial: boolean): Promise<Response> {
  const found = await target(params);
  if (!found) return notFound();
  const refused = await refusedWrite(request);
  if (refused) return refused;
  const { body, error } = await jsonBody(request);
  return error || saving(200, () => found.records.update(found.id, body, { partial }));
}

export const PUT = answering((request: Request, context: Context) => write(request, context.params, false));
export const PATCH = answering((request: Request, context: Context) => write(request, context.params, true));

export const DELETE = answering(async (request: Request, { params }: Context) => {
  const found = await target(params);
  if (!found) return notFound();
  return (await refusedWrite(request)) || saving(204, () => found.records.delete(found.id));
});

// GET and POST /api/<plural>/: the paginated, searchable list, and creating an object.
import { answering, jsonBody, notFound, pageLink, recordsFor, refusedWrite, saving } from "../../_lib/server";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ plural: string }> };

export const GET = answering(async (request: Request, { params }: Context) => {
  const records = recordsFor((await params).plural);
  if (!records) return notFound();
  const url = new URL(request.url);
  const query = Object.fromEntries(url.searchParams);
  const pageParam = query.page ?? "";
  const number = pageParam === "" ? 1 : /^\d+$/.test(pageParam) ? Number(pageParam) : NaN;
  const page = await records.page({ q: query.q ?? "", filters: query }, number);
  if (!page) return notFound("Invalid page.");
  return Response.json({
    count: page.count,
    next: page.number < page.pages ? pageLink(request, page.number + 1) : null,
    previous: page.number > 1 ? pageLink(request, page.number - 1) : null,
    results: page.results,
    // Present (and true) only where the count is PostgreSQL's estimate of a large table (src/records.ts).
    ...(page.countIsEstimate ? { count_is_estimate: true } : {}),
  });
});

export const POST = answering(async (request: Request, { params }: Context) => {
  const records = recordsFor((await params).plural);
  if (!records) return notFound();
  const refused = await refusedWrite(request);
  if (refused) return refused;
  const { body, error } = await jsonBody(request);
  return error || saving(201, () => records.create(body));
});

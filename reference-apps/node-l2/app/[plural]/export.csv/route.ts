// GET /<plural>/export.csv: the list as CSV, with the current search and filters applied.
import { csvHeader } from "@/src/presentation";
import { csvLine } from "@/src/records";
import { answeringPage } from "../../_lib/outage";
import { recordsFor } from "../../_lib/server";

export const dynamic = "force-dynamic";

async function get(request: Request, { params }: { params: Promise<{ plural: string }> }): Promise<Response> {
  const records = recordsFor((await params).plural);
  if (!records) return new Response("Not found", { status: 404 });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const names: string[] = csvHeader(records.entity);
  let body = csvLine(names);
  for await (const object of records.iterate({ q: query.q ?? "", filters: query })) {
    const row = object as Record<string, unknown>;
    body += csvLine(names.map((name) => row[name]));
  }
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${records.entity.plural}.csv"`,
    },
  });
}

export const GET = answeringPage(get);

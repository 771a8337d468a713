// GET /<plural>/export.csv: the list as CSV, with the current search and filters applied, streamed as the rows
// are read (a failure midway ends the download as a failed one).
import { Readable } from "node:stream";
import { csvStream } from "@/src/csv";
import { csvHeader } from "@/src/presentation";
import { answeringPage } from "../../_lib/outage";
import { recordsFor } from "../../_lib/server";

export const dynamic = "force-dynamic";

async function get(request: Request, { params }: { params: Promise<{ plural: string }> }): Promise<Response> {
  const records = recordsFor((await params).plural);
  if (!records) return new Response("Not found", { status: 404 });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const csv = await csvStream(csvHeader(records.entity), records.iterate({ q: query.q ?? "", filters: query }));
  return new Response(Readable.toWeb(csv) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${records.entity.plural}.csv"`,
    },
  });
}

export const GET = answeringPage(get);

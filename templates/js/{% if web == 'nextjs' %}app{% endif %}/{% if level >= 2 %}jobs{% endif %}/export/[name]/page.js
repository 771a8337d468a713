// GET /jobs/export/<entity>/: what an export would write (the list's search and filters), with its button.
// The POST (the list page's "Export in background") is app/submit/jobs/export/[name]/route.js (see proxy.js).
import { notFound } from "next/navigation";
import { entityNamed, exportQuery } from "../../../../src/jobs/web";
import { signedIn } from "../../../_lib/jobs.js";
import { rendering } from "../../../_lib/rendering.js";
import { recordsFor } from "../../../_lib/server.js";

export const dynamic = "force-dynamic";

async function Export({ params, searchParams }) {
  const entity = entityNamed((await params).name);
  if (!entity) notFound();
  const query = Object.fromEntries(exportQuery(Object.entries(await searchParams).filter(([, v]) => typeof v === "string")));
  const rest = new URLSearchParams(query).toString();
  const { csrfToken } = await signedIn(`/jobs/export/${entity.table}/?${rest}`);
  const count = await recordsFor(entity.plural).count({ q: query.q ?? "", filters: query });
  return (
    <>
      <h1 className="h3 mb-3">Export {entity.verbosePlural}</h1>
      <p>{count} object(s) match; the worker writes them into a CSV file you can download from the job page.</p>
      <form method="post" action={`/jobs/export/${entity.table}/${rest ? `?${rest}` : ""}`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button className="btn btn-primary" type="submit">Export in background</button>
      </form>
    </>
  );
}

export default rendering(Export);

// GET /jobs/import/<entity>/: the upload form. The POST is app/submit/jobs/import/[name]/route.js (see proxy.js).
import { notFound } from "next/navigation";
import { csvHeader } from "../../../../src/presentation";
import { entityNamed } from "../../../../src/jobs/web";
import { signedIn } from "../../../_lib/jobs.js";
import { rendering } from "../../../_lib/rendering.js";

export const dynamic = "force-dynamic";

async function Import({ params, searchParams }) {
  const entity = entityNamed((await params).name);
  if (!entity) notFound();
  const { csrfToken } = await signedIn(`/jobs/import/${entity.table}/`);
  const { error } = await searchParams;
  return (
    <>
      <h1 className="h3 mb-3">Import {entity.verbosePlural}</h1>
      <p>
        A CSV file as the export writes it, header row first: <code>{csvHeader(entity).join(",")}</code> (the pk
        column is optional and ignored). Rows that break a rule are reported on the job page; the others are saved.
      </p>
      {error ? <div className="alert alert-danger">{error}</div> : null}
      <form method="post" action={`/jobs/import/${entity.table}/`} encType="multipart/form-data">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <div className="mb-3">
          <label className="form-label" htmlFor="id_file">CSV file</label>
          <input className="form-control" type="file" name="file" id="id_file" accept=".csv,text/csv" required />
        </div>
        <button className="btn btn-primary" type="submit">Import in background</button>
      </form>
    </>
  );
}

export default rendering(Import);

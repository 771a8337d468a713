// GET /jobs/import/<entity>/: the upload form (the importJob Server Action, jobs/actions.ts).
import { notFound } from "next/navigation";
import { entityNamed } from "@/src/jobs/web";
import { csvHeader } from "@/src/presentation";
import { ActionForm } from "../../../_lib/action-form";
import { outageRedirect } from "../../../_lib/rendering";
import { requireUser } from "../../../_lib/session";
import { importJob } from "../../actions";

export const dynamic = "force-dynamic";

async function Import({ params }: { params: Promise<{ name: string }> }) {
  const entity = entityNamed((await params).name);
  if (!entity) notFound();
  await requireUser(`/jobs/import/${entity.table}/`);
  return (
    <>
      <h1 className="h3 mb-3">Import {entity.verbosePlural}</h1>
      <p>
        A CSV file as the export writes it, header row first: <code>{csvHeader(entity).join(",")}</code> (the pk column
        is optional and ignored). Rows that break a rule are reported on the job page; the others are saved.
      </p>
      <ActionForm action={importJob.bind(null, entity.table)} button="Import in background">
        <div className="mb-3">
          <label className="form-label" htmlFor="id_file">
            CSV file
          </label>
          <input className="form-control" type="file" name="file" id="id_file" accept=".csv,text/csv" required />
        </div>
      </ActionForm>
    </>
  );
}

export default outageRedirect(Import);

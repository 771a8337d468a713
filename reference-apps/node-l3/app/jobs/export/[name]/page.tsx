// GET /jobs/export/<entity>/?<the list's search and filters>: what an export would write, with its button (the
// exportJob Server Action, jobs/actions.ts).
import { notFound } from "next/navigation";
import { entityNamed, exportQuery } from "@/src/jobs/web";
import { ActionForm } from "../../../_lib/action-form";
import { outageRedirect } from "../../../_lib/rendering";
import { recordsFor } from "../../../_lib/server";
import { requireUser } from "../../../_lib/session";
import { exportJob } from "../../actions";

export const dynamic = "force-dynamic";

async function Export({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const entity = entityNamed((await params).name);
  if (!entity) notFound();
  const strings = Object.entries(await searchParams).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string",
  );
  const query = exportQuery(strings);
  const rest = query.toString();
  await requireUser(`/jobs/export/${entity.table}/${rest ? `?${rest}` : ""}`);
  const count = await recordsFor(entity.plural)?.count({ q: query.get("q") ?? "", filters: Object.fromEntries(query) });
  return (
    <>
      <h1 className="h3 mb-3">Export {entity.verbosePlural}</h1>
      <ActionForm action={exportJob.bind(null, entity.table, rest)} button="Export in background">
        <p>{count} object(s) match; the worker writes them into a CSV file you can download from the job page.</p>
      </ActionForm>
    </>
  );
}

export default outageRedirect(Export);

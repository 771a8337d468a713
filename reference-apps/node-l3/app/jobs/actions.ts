"use server";
// Starting background jobs from the pages, for signed-in users only: an export of the list's search and
// filters, or the import of an uploaded CSV; either goes on (303) to the job's page. CSRF: Next.js refuses an
// action posted from another origin (Origin against Host), and proxy.ts refuses it first with a 403.
import { notFound, redirect } from "next/navigation";
import { entityNamed, exportQuery, startExport, startImport, uploadProblem } from "@/src/jobs/web";
import type { ActionError } from "../_lib/action-form";
import { redisUrl } from "../_lib/jobs";
import { outageRedirect } from "../_lib/rendering";
import { database } from "../_lib/server";
import { requireUser } from "../_lib/session";

// `query`: the list's search and filters, as the export page was given them.
export const exportJob = outageRedirect(async function exportJob(
  name: string,
  query: string,
  _previous: ActionError,
  _formData: FormData,
): Promise<ActionError> {
  const entity = entityNamed(name);
  if (!entity) notFound();
  const filters = exportQuery(new URLSearchParams(query));
  const user = await requireUser(`/jobs/export/${entity.table}/${filters.size ? `?${filters}` : ""}`);
  const job = await startExport(database(), redisUrl(), { entity, user, query: filters });
  redirect(`/jobs/${job.id}/`);
});

// A missing, empty or too large file stays on the form with the reason.
export const importJob = outageRedirect(async function importJob(
  name: string,
  _previous: ActionError,
  formData: FormData,
): Promise<ActionError> {
  const entity = entityNamed(name);
  if (!entity) notFound();
  const user = await requireUser(`/jobs/import/${entity.table}/`);
  const file = formData.get("file");
  const problem = uploadProblem(file);
  if (problem) return { error: problem };
  // uploadProblem() found nothing wrong, so the field holds a file of a size to import.
  const job = await startImport(database(), redisUrl(), { entity, user, file: file as File });
  redirect(`/jobs/${job.id}/`);
});

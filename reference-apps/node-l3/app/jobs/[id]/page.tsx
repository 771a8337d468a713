// GET /jobs/<id>/: one job's progress (reloaded while it runs), its outcome, and the export's download.
import { rejectedRows } from "@/src/jobs/web";
import { Progress, jobOr404 } from "../../_lib/jobs";
import { outageRedirect } from "../../_lib/rendering";
import { requireUser } from "../../_lib/session";

export const dynamic = "force-dynamic";

async function Job({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/jobs/${id}/`);
  const job = await jobOr404(user, id);
  const rejected = rejectedRows(job);
  return (
    <>
      <nav aria-label="breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <a href="/jobs/">Jobs</a>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            {job.kind} of {job.entity}
          </li>
        </ol>
      </nav>
      <h1 className="h3 mb-3">
        {job.kind === "export" ? "Export" : `Import of ${job.upload_name}`}: {job.entity}
      </h1>
      <Progress job={job} />
      {job.kind === "export" && job.status === "done" ? (
        <a className="btn btn-primary" href={`/jobs/${job.id}/download/`}>
          Download the CSV
        </a>
      ) : null}
      {rejected.length ? (
        <>
          <h2 className="h5 mt-4">Rows not imported</h2>
          <ul>
            {rejected.map(({ row, text }) => (
              <li key={row}>{`Row ${row}: ${text}`}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export default outageRedirect(Job);

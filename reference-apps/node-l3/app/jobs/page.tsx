// GET /jobs/: the signed-in user's recent background jobs.
import { recentJobs } from "@/src/jobs/store";
import { startedAt } from "@/src/jobs/web";
import type { Job } from "../_lib/jobs";
import { outageRedirect } from "../_lib/rendering";
import { database } from "../_lib/server";
import { requireUser } from "../_lib/session";

export const dynamic = "force-dynamic";

async function Jobs() {
  const user = await requireUser("/jobs/");
  const jobs: Job[] = await recentJobs(database(), user);
  return (
    <>
      <h1 className="h3 mb-3">Background jobs</h1>
      {jobs.length ? (
        <table className="table align-middle">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Rows</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  <a href={`/jobs/${job.id}/`}>
                    {job.kind} of {job.entity}
                  </a>
                </td>
                <td>{job.status}</td>
                <td>
                  {job.processed} / {job.total}
                </td>
                <td>{startedAt(job)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-body-secondary">No jobs yet: start an export or an import from a list page.</p>
      )}
    </>
  );
}

export default outageRedirect(Jobs);

// What the background jobs' pages share here: the signed-in user, the job a URL names, and the progress view
// (src/jobs/web.js holds what the Express pages share with these).
import { notFound, redirect } from "next/navigation";
import { readConfig } from "../../src/config";
import { visibleJob } from "../../src/jobs/store";
import { progressOf } from "../../src/jobs/web";
import { database } from "./server.js";
import { currentSession } from "./session.js";

export const redisUrl = () => readConfig().redisUrl;

// For pages: the user, or a redirect to the login page that comes back to `path`.
export async function signedIn(path) {
  const session = await currentSession();
  if (!session.user) redirect(`/accounts/login/?next=${encodeURIComponent(path)}`);
  return session;
}

export async function jobOr404(user, id) {
  const job = await visibleJob(database(), user, id);
  if (!job) notFound();
  return job;
}

// The job's state; while it runs, the page reloads itself every second (no JavaScript needed).
export function Progress({ job }) {
  const { finished, percent, badge, summary } = progressOf(job);
  return (
    <div className="mb-3">
      {finished ? null : <meta httpEquiv="refresh" content="1" />}
      <p>
        <span className={`badge text-bg-${badge}`}>{job.status}</span> {summary}
      </p>
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      {job.error ? <div className="alert alert-danger mt-3">{job.error}</div> : null}
    </div>
  );
}

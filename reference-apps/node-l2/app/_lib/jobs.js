// What the background jobs' pages share: the entity a URL names, the signed-in user, and the progress view.
import { notFound, redirect } from "next/navigation";
import { readConfig } from "../../src/config.js";
import { entities } from "../../src/entities.js";
import { isFinished, visibleJob } from "../../src/jobs/store.js";
import { database } from "./server.js";
import { currentSession } from "./session.js";

// The largest CSV an import takes; a bigger one is refused before it is stored.
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const redisUrl = () => readConfig().redisUrl;

// /jobs/export/task/ names an entity by its table name (the same name django-l2 uses).
export function entityNamed(name) {
  return entities.find((entity) => entity.table === name) || null;
}

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

const BADGES = { pending: "secondary", running: "primary", done: "success", failed: "danger" };

// The job's state; while it runs, the page reloads itself every second (no JavaScript needed).
export function Progress({ job }) {
  const percent = job.total ? Math.round((100 * job.processed) / job.total) : isFinished(job) ? 100 : 0;
  return (
    <div className="mb-3">
      {isFinished(job) ? null : <meta httpEquiv="refresh" content="1" />}
      <p>
        <span className={`badge text-bg-${BADGES[job.status]}`}>{job.status}</span>{" "}
        {job.processed} of {job.total || "?"} rows
        {job.kind === "import" ? ` (${job.created_count} created, ${job.failed_count} failed)` : null}
      </p>
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      {job.error ? <div className="alert alert-danger mt-3">{job.error}</div> : null}
    </div>
  );
}

// What the background jobs' pages share here: the job a URL names and the progress view (src/jobs/web holds
// what the Express pages share with these).
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { visibleJob } from "@/src/jobs/store";
import { progressOf } from "@/src/jobs/web";
import { database, settings } from "./server";
import type { User } from "./session";

export type Job = NonNullable<Awaited<ReturnType<typeof visibleJob>>>;

export const redisUrl = (): string => settings().redisUrl;

export async function jobOr404(user: User, id: string): Promise<Job> {
  const job = await visibleJob(database(), user, id);
  if (!job) notFound();
  return job;
}

// The job's state; while it runs, the page reloads itself every second (no JavaScript needed).
export function Progress({ job }: { job: Job }): ReactNode {
  const { finished, percent, badge, summary } = progressOf(job);
  const bar = { width: `${percent}%` };
  return (
    <div className="mb-3">
      {finished ? null : <meta httpEquiv="refresh" content="1" />}
      <p>
        <span className={`badge text-bg-${badge}`}>{job.status}</span> {summary}
      </p>
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-bar" style={bar} />
      </div>
      {job.error ? <div className="alert alert-danger mt-3">{job.error}</div> : null}
    </div>
  );
}

// Pages during a database outage. An App Router page cannot choose its own status (a thrown error is a 500),
// yet an outage is not a bug: load balancers, crawlers and monitors should see 503 with Retry-After, as
// /health/ready/ and the JSON API answer. So:
// - a page or a Server Action whose query finds the database not answering notes the outage and redirects to
//   the URL asked for (`outageRedirect()` in rendering.ts; a download or the CSV export answers the 503 page
//   itself, `answeringPage()`);
// - proxy.ts, which runs before every page, answers 503 while an outage is noted, each request probing the
//   database (a `SELECT 1`, refused at once while it is down) until it answers again; the note is then
//   dropped and pages render as before, from the first request after the database is back.
// The note lives on globalThis: proxy.ts and the pages are bundled apart but run in one process. While no
// outage is noted, this costs a request nothing.
import { RETRY_AFTER_SECONDS, isUnavailable } from "@/src/db";

type Note = { probing: Promise<boolean> | null };
const NOTE = Symbol.for("stack-ladder.database-outage");
const noted = globalThis as typeof globalThis & { [NOTE]?: Note };
// The URL a page was asked for: set by proxy.ts on every request it passes on (a browser's own is replaced).
export const PATH_HEADER = "x-request-path";

export function noteOutage(): void {
  noted[NOTE] ??= { probing: null };
}

// Whether a request should be answered 503: an outage is noted and `probe()` (true when the database answers)
// still fails. Requests that arrive while a probe is under way share it.
export async function inOutage(probe: () => Promise<boolean>): Promise<boolean> {
  const note = noted[NOTE];
  if (!note) return false;
  note.probing ??= probe()
    .catch(() => false)
    .finally(() => {
      note.probing = null;
    });
  if (!(await note.probing)) return true;
  if (noted[NOTE] === note) delete noted[NOTE];
  return false;
}

export function unavailablePage(): Response {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>' +
    "<body><h1>Temporarily unavailable</h1><p>The database is not answering. Please try again in a few seconds.</p>" +
    "</body></html>";
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(RETRY_AFTER_SECONDS),
      "Cache-Control": "no-store",
    },
  });
}

// Wraps a route handler, a page component or a Server Action so that the database not answering (a restart,
// a failover) is answered by `unavailable()`, a 503 (or a redirect to be answered so), rather than a 500:
// clients and load balancers retry a 503. Any other error (Next.js's own redirects among them) goes on.
export function answeringOutage<A extends unknown[], R, U>(
  handler: (...args: A) => Promise<R>,
  unavailable: () => U | Promise<U>,
): (...args: A) => Promise<R | U> {
  return async function answered(...args: A): Promise<R | U> {
    try {
      return await handler(...args);
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      return unavailable();
    }
  };
}

// A route handler of the pages (the CSV export, downloads): an outage is also noted, so that proxy.ts gives
// every page the same 503 page until the database is back.
export function answeringPage<A extends unknown[]>(
  handler: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return answeringOutage(handler, () => {
    noteOutage();
    return unavailablePage();
  });
}

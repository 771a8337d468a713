// Pages and Server Actions while the database does not answer: outage.ts says why they redirect rather than
// fail. Kept apart from outage.ts, which proxy.ts imports: next/headers and next/navigation belong to a page
// being rendered or an action being run.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { PATH_HEADER, answeringOutage, noteOutage } from "./outage";

// Wraps a page component or a Server Action: when the database does not answer, the outage is noted and the
// browser is sent to the URL it asked for (a page's own, or the page a form was posted from), which proxy.ts
// then answers with 503 (or, if the database is back by then, the page).
export function outageRedirect<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return answeringOutage(handler, async (): Promise<never> => {
    noteOutage();
    const path = (await headers()).get(PATH_HEADER) ?? "/";
    redirect(path.startsWith("/") && !path.startsWith("//") ? path : "/");
  });
}

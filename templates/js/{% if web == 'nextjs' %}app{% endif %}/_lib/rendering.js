// The pages' server components while the database does not answer: outage.js says why a page redirects to
// itself rather than failing. Kept apart from outage.js, which proxy.js and the tests import: next/headers and
// next/navigation belong to a page being rendered.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { PATH_HEADER, answeringOutage, noteOutage } from "./outage.js";

// Wraps a page component: when the database does not answer, the outage is noted and the browser is sent back
// to the same URL, which proxy.js then answers with 503 (or, if the database is back by then, the page).
export function rendering(Page) {
  return answeringOutage(Page, async () => {
    noteOutage();
    const path = (await headers()).get(PATH_HEADER) ?? "/";
    redirect(path.startsWith("/") && !path.startsWith("//") ? path : "/");
  });
}

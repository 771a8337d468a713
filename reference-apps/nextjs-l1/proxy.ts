// Runs before every page (Next.js 16's proxy, formerly middleware): refuses host names not in ALLOWED_HOSTS,
// refuses a form post from another site's page, answers 503 while the database is down (app/_lib/outage.ts),
// and tells the page the URL it was asked for. The security headers are next.config.ts's.
import { type NextRequest, NextResponse } from "next/server";
import { hostAllowed, readConfig } from "@/src/config";
import { databaseIsReachable, openDatabase } from "@/src/db";
import { PATH_HEADER, inOutage, unavailablePage } from "./app/_lib/outage";
import { siteOrigin } from "./app/_lib/server";

// The proxy's own connection to the database, opened at the first outage, to probe it until it answers.
let probing: ReturnType<typeof openDatabase> | undefined;
async function databaseAnswers(): Promise<boolean> {
  probing ??= openDatabase(readConfig().database);
  return (await databaseIsReachable(probing)) === "ok";
}

export async function proxy(request: NextRequest): Promise<Response> {
  // ALLOWED_HOSTS, as on level 0 (the health checks are not matched below: they answer any host).
  const hostname = (request.headers.get("host") || "").replace(/:\d+$/, "");
  if (!hostAllowed(hostname, readConfig().allowedHosts)) {
    return new Response("Bad Request (400): the host name is not in ALLOWED_HOSTS.", { status: 400 });
  }
  // CSRF: every form posts to a Server Action, and Next.js runs one only when the Origin a browser sends
  // names this host. This check comes first, as Django's does: another site's page, or an opaque "null"
  // origin (which Next.js lets through), may not post here, and is answered 403 rather than an error page.
  // The session cookie is SameSite=Lax besides. The API (not matched below) authenticates with tokens.
  const origin = request.headers.get("origin");
  if (request.method === "POST" && origin !== null && origin !== siteOrigin(request.headers)) {
    return new Response(
      `Forbidden (403): CSRF verification failed: origin ${origin} is not this site (behind a proxy, see TRUST_PROXY).`,
      {
        status: 403,
      },
    );
  }
  if (await inOutage(databaseAnswers)) return unavailablePage();
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|health/|static/|_next/).*)"] };

// Runs before every page (Next.js 16's proxy, formerly middleware): refuses host names not in ALLOWED_HOSTS,
// refuses a form post from another site's page, answers a throttled sign-in 429, answers 503 while the database
// is down (app/_lib/outage.ts), and tells the page the URL it was asked for. On the way back it adds HSTS over
// HTTPS and sends the session cookie again. The other security headers are next.config.ts's.
import { type NextRequest, NextResponse } from "next/server";
import { hostAllowed } from "@/src/config";
import { databaseIsReachable, openDatabase } from "@/src/db";
import { SESSION_COOKIE, SESSION_DAYS, sessionCookie } from "@/src/sessions";
import { TOO_MANY, signInWait } from "@/src/throttle";
import { PATH_HEADER, inOutage, unavailablePage } from "./app/_lib/outage";
import { clientAddress, settings, siteOrigin } from "./app/_lib/server";

// The proxy's own connection to the database, opened at the first outage, to probe it until it answers.
let probing: ReturnType<typeof openDatabase> | undefined;
async function databaseAnswers(): Promise<boolean> {
  probing ??= openDatabase(settings().database);
  return (await databaseIsReachable(probing)) === "ok";
}

export async function proxy(request: NextRequest): Promise<Response> {
  // ALLOWED_HOSTS, as on level 0 (the health checks are not matched below: they answer any host).
  const hostname = (request.headers.get("host") || "").replace(/:\d+$/, "");
  if (!hostAllowed(hostname, settings().allowedHosts)) {
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
  const throttled = await throttledSignIn(request);
  if (throttled) return throttled;
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  const https = siteOrigin(request.headers).startsWith("https:");
  // HSTS only over HTTPS: sent over plain HTTP it would lock a site without a certificate out of browsers.
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  // A page view renews the cookie's own expiry (the session's is renewed in the database as it is used).
  const session = request.cookies.get(SESSION_COOKIE)?.value;
  if (session && request.method === "GET") {
    const expires = new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000);
    response.cookies.set(SESSION_COOKIE, session, sessionCookie(https, expires));
  }
  return response;
}

// The login form posted without JavaScript, past the sign-in limit (src/throttle, the limiter the logIn action
// asks): 429 with Retry-After, which a Server Action cannot answer itself. A post from the page's script (the
// Next-Action header) gets the action's own answer instead, the same words shown on the form.
async function throttledSignIn(request: NextRequest): Promise<Response | null> {
  if (request.method !== "POST" || request.nextUrl.pathname !== "/accounts/login/") return null;
  if (request.headers.has("next-action")) return null;
  const form = await request
    .clone()
    .formData()
    .catch(() => new FormData());
  // The form's own inputs, which React names with the action's prefix ("1_username") when it has bound arguments.
  const username = [...form].find(([name]) => /^(\d+_)?username$/.test(name))?.[1];
  const wait = await signInWait(clientAddress(request.headers), typeof username === "string" ? username : "");
  if (!wait) return null;
  return new Response(TOO_MANY(wait), {
    status: 429,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(wait) },
  });
}

export const config = { matcher: ["/((?!api/|health/|static/|_next/).*)"] };

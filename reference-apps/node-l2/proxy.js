// Runs before every request (Next.js 16's proxy, formerly middleware): refuses host names not in ALLOWED_HOSTS,
// answers 503 while the database is down (app/_lib/outage.js), gives a browser a CSRF token cookie when a page
// needs one (a form page, or any page of a signed-in user: a visitor's other pages set no cookie), and sends the
// form posts of /<plural>/new/, /<plural>/<pk>/edit/, /accounts/login/ and /jobs/(export|import)/<entity>/ to their route
// handlers under /submit/ (a page and a route handler cannot share a path; no entity's plural is "submit").
import { NextResponse } from "next/server";
import { PATH_HEADER, inOutage, unavailablePage } from "./app/_lib/outage.js";
import { siteOrigin } from "./app/_lib/server.js";
import { hostAllowed, readConfig } from "./src/config";
import { databaseIsReachable, openDatabase } from "./src/db";

const CSRF_COOKIE = "csrftoken";
const SESSION_COOKIE = "session";
// The pages with a form: their GET needs a CSRF token, their POST goes to /submit/.
const FORM_PAGES = [
  /^\/accounts\/login\/$/,
  /^\/[a-z0-9]+\/new\/$/,
  /^\/[a-z0-9]+\/[^/]+\/edit\/$/,
  /^\/jobs\/(export|import)\/[a-z0-9_]+\/$/,
];

// The proxy's own connection to the database, opened at the first outage, to probe it until it answers.
let probing;
async function databaseAnswers() {
  probing ??= openDatabase(readConfig().database);
  return (await databaseIsReachable(probing)) === "ok";
}

export async function proxy(request) {
  // ALLOWED_HOSTS, as on level 0 (the health checks are not matched below: they answer any host).
  const hostname = (request.headers.get("host") || "").replace(/:\d+$/, "");
  if (!hostAllowed(hostname, readConfig().allowedHosts)) {
    return new Response("Bad Request (400): the host name is not in ALLOWED_HOSTS.", { status: 400 });
  }
  // As Django checks it: a browser names the page a form post comes from in Origin, and another site's page
  // (or an opaque "null" origin) may not post here, token or not. The API authenticates with tokens instead.
  const origin = request.headers.get("origin");
  if (request.method === "POST" && !request.nextUrl.pathname.startsWith("/api/") && origin !== null && origin !== siteOrigin(request)) {
    return new Response(`Forbidden (403): CSRF verification failed: origin ${origin} is not this site (behind a proxy, see TRUST_PROXY).`, {
      status: 403,
    });
  }
  if (await inOutage(databaseAnswers)) return unavailablePage();
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const { pathname } = request.nextUrl;
  const formPage = FORM_PAGES.some((pattern) => pattern.test(pathname));
  const token = needsToken(request, formPage) ? crypto.randomUUID().replaceAll("-", "") : null;
  if (token) {
    // The page being rendered reads the token from the request's cookies, so it gets it too.
    headers.set("cookie", [request.headers.get("cookie"), `${CSRF_COOKIE}=${token}`].filter(Boolean).join("; "));
  }
  const response =
    request.method === "POST" && formPage
      ? NextResponse.rewrite(new URL(`/submit${pathname}${request.nextUrl.search}`, request.url), { request: { headers } })
      : NextResponse.next({ request: { headers } });
  if (token) {
    response.cookies.set(CSRF_COOKIE, token, { sameSite: "lax", path: "/", secure: request.nextUrl.protocol === "https:" });
  }
  return response;
}

// A new token for a page that shows a form and has none yet. Never on a post: a post checks the token it was
// given, and one made now would match nothing.
function needsToken(request, formPage) {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (request.cookies.has(CSRF_COOKIE)) return false;
  return formPage || request.cookies.has(SESSION_COOKIE);
}

// Not /submit/: a rewritten form post comes back through here as an internal request for localhost; its route
// handler checks the session and the CSRF token itself.
export const config = { matcher: ["/((?!api/|health/|static/|_next/|submit/).*)"] };

// What the server side shares: the configuration and database (opened once per server process), the records
// of a URL's entity, the site's address, and for the JSON API's route handlers the token user and answers in
// the API's shapes.
import proxyaddr from "proxy-addr";
import { userForAuthorization } from "@/src/auth";
import { type Config, readConfig } from "@/src/config";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_DETAIL, openDatabase } from "@/src/db";
import { entities } from "@/src/entities";
import { ProtectedError, Records, ValidationError } from "@/src/records";
import { answeringOutage } from "./outage";

let read: Config | undefined;
let opened: ReturnType<typeof openDatabase> | undefined;

// The configuration, read from the environment and checked once per server process (not on every request).
export function settings(): Config {
  read ??= readConfig();
  return read;
}

export function database(): ReturnType<typeof openDatabase> {
  opened ??= openDatabase(settings().database);
  return opened;
}

export function recordsFor(plural: string): Records | null {
  const entity = entities.find((e) => e.plural === plural);
  return entity ? new Records(database(), entity) : null;
}

export const notFound = (detail = "Not found."): Response => Response.json({ detail }, { status: 404 });

// A route handler of the JSON API: while the database does not answer, the 503 in the API's shape.
export function answering<A extends unknown[]>(
  handler: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return answeringOutage(handler, () =>
    Response.json(
      { detail: UNAVAILABLE_DETAIL },
      { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
    ),
  );
}

// Writes need `Authorization: Token <key>`; null when the request may go on, else the 401 answer.
export async function refusedWrite(request: Request): Promise<Response | null> {
  const header = request.headers.get("authorization") || "";
  const { user, error } = header ? await userForAuthorization(database(), header) : { user: null, error: null };
  if (user) return null;
  return Response.json(
    { detail: error || "Authentication credentials were not provided." },
    { status: 401, headers: { "WWW-Authenticate": "Token" } },
  );
}

export async function jsonBody(
  request: Request,
): Promise<{ body: unknown; error?: undefined } | { body?: undefined; error: Response }> {
  try {
    return { body: await request.json() };
  } catch (error) {
    return { error: Response.json({ detail: `JSON parse error - ${(error as Error).message}` }, { status: 400 }) };
  }
}

// Runs a write; a ValidationError is the 400 {"field": ["message"]}, a ProtectedError a 409.
export async function saving(status: number, save: () => Promise<unknown>): Promise<Response> {
  try {
    const object = await save();
    if (object === null) return notFound();
    return object === true ? new Response(null, { status: 204 }) : Response.json(object, { status });
  } catch (error) {
    if (error instanceof ValidationError) return Response.json(error.errors, { status: 400 });
    if (error instanceof ProtectedError) return Response.json({ detail: error.message }, { status: 409 });
    throw error;
  }
}

// The site's own address, for absolute links and the session cookie's Secure flag: the Host header that
// proxy.ts checked against ALLOWED_HOSTS, and https only when TRUST_PROXY says a proxy in front sets
// X-Forwarded-Proto (anyone else could send it; the server itself speaks plain HTTP). Not request.url: Next.js
// builds it from its own host name and believes X-Forwarded-* from whoever sends them.
export function siteOrigin(headers: Headers): string {
  const forwarded = settings().trustProxy ? (headers.get("x-forwarded-proto") ?? "").split(",")[0]?.trim() : "";
  return `${forwarded === "https" ? "https" : "http"}://${headers.get("host")}`;
}

// The client's address for the sign-in limit (src/throttle), as Express's `trust proxy` picks it from TRUST_PROXY.
// Route handlers and actions do not see the connection: Next.js writes its address into X-Forwarded-For when the
// request brings none, and keeps the header a request brings. So the nearest hop is the connection's address when
// nobody forwarded, and what the nearest proxy saw when one did; each trusted hop further back is believed (a
// number: that many proxies; addresses: while they are proxies'). Without TRUST_PROXY, Express takes the
// connection's address, which here is the nearest hop: a client that reaches the server directly could name
// another address there, so expose the server only behind a proxy (compose's) that writes the header.
export function clientAddress(headers: Headers): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean)
    .reverse();
  const trust = settings().trustProxy;
  if (trust === false) return hops[0] ?? "";
  if (typeof trust === "number") return hops[Math.min(Math.max(trust - 1, 0), hops.length - 1)] ?? "";
  const trusted = proxyaddr.compile(trust);
  return hops.find((hop, index) => !trusted(hop, index + 1)) ?? hops.at(-1) ?? "";
}

// The list's link to another page, keeping ?q= and filters; page 1 has no ?page= (as DRF writes it).
export function pageLink(request: Request, number: number): string {
  const { pathname, search } = new URL(request.url);
  const link = new URL(pathname + search, siteOrigin(request.headers));
  if (number === 1) link.searchParams.delete("page");
  else link.searchParams.set("page", String(number));
  return link.href;
}

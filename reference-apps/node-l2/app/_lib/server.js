// What the route handlers share: the configuration and database (opened once per server process), the
// records of a URL's entity, the token user, and answers in the JSON API's shapes.
import { userForAuthorization } from "../../src/auth";
import { readConfig } from "../../src/config";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_DETAIL, openDatabase } from "../../src/db";
import { entities } from "../../src/entities";
import { ProtectedError, Records, ValidationError } from "../../src/records";
import { TOO_MANY } from "../../src/throttle";
import { answeringOutage } from "./outage.js";

let opened;

export function database() {
  opened ??= openDatabase(readConfig().database);
  return opened;
}

export function recordsFor(plural) {
  const entity = entities.find((e) => e.plural === plural);
  return entity ? new Records(database(), entity) : null;
}

export const notFound = (detail = "Not found.") => Response.json({ detail }, { status: 404 });

// A route handler of the JSON API: while the database does not answer, the 503 in the API's shape.
export function answering(handler) {
  return answeringOutage(handler, () =>
    Response.json({ detail: UNAVAILABLE_DETAIL }, { status: 503, headers: { "Retry-After": RETRY_AFTER_SECONDS } }),
  );
}

// Writes need `Authorization: Token <key>`; null when the request may go on, else the 401 answer.
export async function refusedWrite(request) {
  const header = request.headers.get("authorization") || "";
  const { user, error } = header ? await userForAuthorization(database(), header) : { user: null, error: null };
  if (user) return null;
  return Response.json(
    { detail: error || "Authentication credentials were not provided." },
    { status: 401, headers: { "WWW-Authenticate": "Token" } },
  );
}

export async function jsonBody(request) {
  try {
    return { body: await request.json() };
  } catch (error) {
    return { error: Response.json({ detail: `JSON parse error - ${error.message}` }, { status: 400 }) };
  }
}

// Runs a write; a ValidationError is the 400 {"field": ["message"]}, a ProtectedError a 409.
export async function saving(status, save) {
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

// The site's own address, for absolute links: the Host header that proxy.js checked against ALLOWED_HOSTS, and
// https only when TRUST_PROXY says a proxy in front sets X-Forwarded-Proto (anyone else could send it; the
// server itself speaks plain HTTP). Not request.url: Next.js builds it from its own host name and believes
// X-Forwarded-* from whoever sends them.
export function siteOrigin(request) {
  const forwarded = readConfig().trustProxy ? (request.headers.get("x-forwarded-proto") ?? "").split(",")[0].trim() : "";
  return `${forwarded === "https" ? "https" : "http"}://${request.headers.get("host")}`;
}

// The client's address for the sign-in limit (src/throttle.js): the nearest hop of X-Forwarded-For, which the
// Next.js server or the proxy in front writes (route handlers do not see the connection itself).
export function clientAddress(request) {
  return (request.headers.get("x-forwarded-for") ?? "").split(",").at(-1).trim();
}

// A sign-in the limit refused: 429 with the seconds to wait, in words and in Retry-After.
export function tooManySignIns(wait) {
  return new Response(TOO_MANY(wait), { status: 429, headers: { "Retry-After": String(wait), "Content-Type": "text/plain; charset=utf-8" } });
}

// The list's link to another page, keeping ?q= and filters; page 1 has no ?page= (as DRF writes it).
export function pageLink(request, number) {
  const { pathname, search } = new URL(request.url);
  const link = new URL(pathname + search, siteOrigin(request));
  if (number === 1) link.searchParams.delete("page");
  else link.searchParams.set("page", String(number));
  return link.href;
}

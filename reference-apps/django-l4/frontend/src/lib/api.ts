// The Django API, called on the server for each page with the visitor's own session: their session and CSRF
// cookies and the front door's X-Forwarded-* headers are passed on, so Django signs them in, checks the CSRF
// token, counts failed logins per client address and validates the host exactly as for its own pages. Only
// the API's fixed paths are called (the frontend is no proxy to anywhere else).
import type { APIContext } from "astro";

const API_URL = (process.env.API_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? "8001"}`).replace(/\/+$/, "");
const SESSION_COOKIES = ["sessionid", "csrftoken"];
const FORWARDED = ["x-forwarded-for", "x-forwarded-proto", "user-agent", "accept-language"];
const TIMEOUT_MS = 10_000;
/** Django's session endpoint: GET a CSRF token, POST a username and password to sign in, DELETE to sign out. */
export const SESSION_PATH = "/api/auth/session/";

export type Context = Pick<APIContext, "request" | "cookies">;

export interface ApiAnswer {
  status: number;
  body: unknown;
  /** The API's Set-Cookie headers, as Django wrote them (the session and CSRF cookies of a sign-in or -out). */
  setCookies: string[];
  /** Retry-After of a 429 (too many failed logins), else null. */
  retryAfter: string | null;
}

export class ApiUnavailable extends Error {}

function headersFor(context: Context, csrfToken?: string): Headers {
  const incoming = context.request.headers;
  const headers = new Headers({ accept: "application/json" });
  for (const name of FORWARDED) {
    const value = incoming.get(name);
    if (value) headers.set(name, value);
  }
  headers.set("x-forwarded-host", incoming.get("x-forwarded-host") ?? incoming.get("host") ?? "");
  const cookies = SESSION_COOKIES.flatMap((name) => {
    const value = context.cookies.get(name)?.value;
    return value ? [`${name}=${value}`] : [];
  });
  if (cookies.length) headers.set("cookie", cookies.join("; "));
  if (csrfToken !== undefined) {
    // A write: Django checks the token against the cookie, and the browser's Origin and Referer against the host.
    headers.set("x-csrftoken", csrfToken);
    for (const name of ["origin", "referer"]) {
      const value = incoming.get(name);
      if (value) headers.set(name, value);
    }
  }
  return headers;
}

async function call(method: string, path: string, init: RequestInit = {}): Promise<ApiAnswer> {
  let resp: Response;
  try {
    resp = await fetch(`${API_URL}${path}`, {
      ...init,
      method,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiUnavailable(`the API at ${API_URL} did not answer ${method} ${path}`, { cause: error });
  }
  const text = await resp.text();
  let body: unknown = text;
  if (resp.headers.get("content-type")?.includes("json")) body = text ? JSON.parse(text) : null;
  return {
    status: resp.status,
    body,
    setCookies: resp.headers.getSetCookie(),
    retryAfter: resp.headers.get("retry-after"),
  };
}

export function apiGet(context: Context, path: string, params: Record<string, string> = {}): Promise<ApiAnswer> {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "")).toString();
  return call("GET", query ? `${path}?${query}` : path, { headers: headersFor(context) });
}

export function apiWrite(
  context: Context,
  method: "POST" | "PUT" | "DELETE",
  path: string,
  csrfToken: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const headers = headersFor(context, csrfToken);
  if (body !== undefined) headers.set("content-type", "application/json");
  return call(method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** The API's address of an entity's list, or of one object (its key encoded: never a path of the caller's). */
export function apiPath(plural: string, id?: string): string {
  return id === undefined ? `/api/${plural}/` : `/api/${plural}/${encodeURIComponent(id)}/`;
}

/** Whether the API answers at all: the frontend's readiness. */
export async function apiReady(): Promise<boolean> {
  try {
    const resp = await fetch(`${API_URL}/health/live/`, { signal: AbortSignal.timeout(3_000) });
    return resp.ok;
  } catch {
    return false;
  }
}

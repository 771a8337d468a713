import type { AstroGlobal } from "astro";
import type { ApiAnswer } from "./api.ts";

export const LOGIN_PATH = "/accounts/login/";

/** A visitor is sent to the login page (and back here once signed in); null when signed in. */
export function loginRedirect(astro: AstroGlobal): Response | null {
  if (astro.locals.user !== null) return null;
  const next = encodeURIComponent(astro.url.pathname);
  return astro.redirect(`${LOGIN_PATH}?next=${next}`, 303);
}

const ORIGIN = "http://frontend.invalid";

/** Where to go after signing in: `next` when it is a path of this site, else the home page (never elsewhere). */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  // A browser reads "//host" and "/\host" as another site: parsed against a fixed origin, those leave it.
  const url = new URL(next, ORIGIN);
  return url.origin === ORIGIN ? `${url.pathname}${url.search}${url.hash}` : "/";
}

/** A 303 to `location` that sets the cookies the API set (as Django wrote them: HttpOnly, SameSite, Secure). */
export function redirectWithCookies(location: string, answer: ApiAnswer): Response {
  const headers = new Headers({ location });
  for (const cookie of answer.setCookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

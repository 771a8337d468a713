// CSRF protection of forms: a random token per session, sent back by every form as a hidden `_csrf` input
// (or, from a signed-in user's htmx requests, as the X-CSRF-Token header). The API is not covered: it
// authenticates with tokens, which a browser never sends on its own.
//
// Templates ask for the token with `csrfToken()`, and it is made then: a page without a form (a visitor's list
// or detail page) leaves the session alone, so it sets no cookie. The login form makes the token before its
// visitor signs in.
import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export class CsrfError extends Error {
  readonly status = 403;

  constructor(message = "CSRF verification failed: reload the page and submit the form again.") {
    super(message);
  }
}

// As Django checks it: a browser names the page a post comes from in Origin, and another site's page (or an
// opaque "null" origin) may not post here, token or not. The host is the one ALLOWED_HOSTS let through.
function foreignOrigin(req: Request): string | null {
  const origin = req.get("origin");
  return origin !== undefined && origin !== `${req.protocol}://${req.host}` ? origin : null;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export function csrf(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = () => {
    const session = req.session;
    return session ? (session.csrf ??= crypto.randomBytes(24).toString("base64url")) : "";
  };
  if (SAFE_METHODS.has(req.method)) return next();
  // CSRF abuses the victim's signed-in session: an anonymous post carries no rights (every write route sends it
  // to the login page), except the login form itself, which is checked so nobody can be signed in unawares.
  if (!req.user && req.path !== "/accounts/login/") return next();
  const foreign = foreignOrigin(req);
  if (foreign !== null) {
    // Behind an HTTPS proxy that TRUST_PROXY does not name, this site looks like http:// and its own pages' posts end here.
    return next(
      new CsrfError(
        `CSRF verification failed: origin ${foreign} is not this site (${req.protocol}://${req.host}; behind a proxy, see TRUST_PROXY).`,
      ),
    );
  }
  const sent: unknown = (req.body as { _csrf?: unknown } | undefined)?._csrf ?? req.get("x-csrf-token");
  if (typeof sent !== "string" || !sent || !req.session?.csrf || !sameToken(sent, req.session.csrf))
    return next(new CsrfError());
  return next();
}

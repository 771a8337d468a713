import type { AstroGlobal } from "astro";

/** A visitor is sent to the login page (and back here once signed in); null when signed in. */
export function loginRedirect(astro: AstroGlobal): Response | null {
  if (astro.locals.user !== null) return null;
  const next = encodeURIComponent(astro.url.pathname);
  return astro.redirect(`/accounts/login/?next=${next}`, 303);
}

// Signing out: a POST with the CSRF token of the navigation's form. The API ends the session on the server (a
// copy of its cookie signs no one in any more) and this server relays the cookie Django clears.
import type { APIRoute } from "astro";
import { apiWrite, SESSION_PATH } from "../../lib/api.ts";
import { redirectWithCookies } from "../../lib/auth.ts";

export const POST: APIRoute = async (context) => {
  const form = await context.request.formData().catch(() => new FormData());
  const answer = await apiWrite(context, "DELETE", SESSION_PATH, String(form.get("csrfmiddlewaretoken") ?? ""));
  if (answer.status === 204) return redirectWithCookies("/", answer);
  return new Response("Not logged out: the form was too old or came from elsewhere. Go back, reload and try again.\n", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
};

export const ALL: APIRoute = () => new Response(null, { status: 405, headers: { allow: "POST" } });

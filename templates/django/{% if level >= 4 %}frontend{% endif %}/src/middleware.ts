import { defineMiddleware } from "astro:middleware";
import { apiGet } from "./lib/api.ts";
import { maskedToken } from "./lib/csrf.ts";

// Scripts, styles and images from this site only, nothing inline, no framing; forms post here only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.csrfToken = maskedToken(context.cookies.get("csrftoken")?.value ?? "");
  if (context.cookies.has("sessionid") && !context.url.pathname.startsWith("/frontend-health/")) {
    const me = await apiGet(context, "/api/auth/user/");
    if (me.status === 200 && typeof me.body === "object" && me.body !== null && "username" in me.body) {
      context.locals.user = String(me.body.username);
    }
  }
  const response = await next();
  response.headers.set("content-security-policy", CONTENT_SECURITY_POLICY);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("referrer-policy", "same-origin");
  response.headers.set("x-frame-options", "DENY");
  return response;
});

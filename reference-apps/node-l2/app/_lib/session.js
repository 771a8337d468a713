// The signed-in user of a page or form post: a `session` cookie holding the user id and its HMAC under
// SECRET_KEY, and the `csrftoken` cookie (set by proxy.js) that every form sends back as a hidden `_csrf`.
import crypto from "node:crypto";
import { cookies } from "next/headers";
import { userById } from "../../src/auth";
import { readConfig } from "../../src/config";
import { database } from "./server.js";

export const SESSION_COOKIE = "session";
export const CSRF_COOKIE = "csrftoken";
const MAX_AGE = 14 * 24 * 60 * 60;

const sign = (value) => crypto.createHmac("sha256", readConfig().secretKey).update(`session:${value}`).digest("base64url");

function sameText(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export function sessionCookie(userId, secure) {
  return { name: SESSION_COOKIE, value: `${userId}.${sign(userId)}`, httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: MAX_AGE };
}

export async function userFromCookie(value) {
  const [id, signature] = String(value || "").split(".");
  if (!id || !signature || !sameText(signature, sign(id))) return null;
  return userById(database(), Number(id));
}

// For server components: the user and the CSRF token of the current request.
export async function currentSession() {
  const jar = await cookies();
  return { user: await userFromCookie(jar.get(SESSION_COOKIE)?.value), csrfToken: jar.get(CSRF_COOKIE)?.value || "" };
}

// For form posts (route handlers): the fields, the user, and whether the CSRF token matches its cookie.
export async function readPost(request) {
  const form = Object.fromEntries(await request.formData());
  const jar = await cookies();
  const token = jar.get(CSRF_COOKIE)?.value;
  return {
    form,
    user: await userFromCookie(jar.get(SESSION_COOKIE)?.value),
    csrfOk: Boolean(token) && typeof form._csrf === "string" && sameText(form._csrf, token),
  };
}

export const seeOther = (location) => new Response(null, { status: 303, headers: { Location: location } });
export const loginRedirect = (next) => seeOther(`/accounts/login/?next=${encodeURIComponent(next)}`);
export const csrfFailed = () =>
  new Response("CSRF verification failed: reload the page and submit the form again.", { status: 403 });

// The signed-in user: a `session` cookie holding the user id and its HMAC under SECRET_KEY (httpOnly,
// SameSite=Lax, so another site's page cannot post with it; Server Actions also check Origin, see proxy.ts).
import crypto from "node:crypto";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { userById } from "@/src/auth";
import { readConfig } from "@/src/config";
import { database, siteOrigin } from "./server";

export const SESSION_COOKIE = "session";
const MAX_AGE = 14 * 24 * 60 * 60;

export type User = NonNullable<Awaited<ReturnType<typeof userById>>>;

const sign = (value: string): string =>
  crypto.createHmac("sha256", readConfig().secretKey).update(`session:${value}`).digest("base64url");

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

async function userFromCookie(value: string | undefined): Promise<User | null> {
  const [id, signature] = String(value ?? "").split(".");
  if (!id || !signature || !sameText(signature, sign(id))) return null;
  return (await userById(database(), Number(id))) ?? null;
}

// The user of the current request (a page being rendered or an action being run), or null.
export async function currentUser(): Promise<User | null> {
  return userFromCookie((await cookies()).get(SESSION_COOKIE)?.value);
}

// Signed-in users only: anyone else is sent to the login page, which comes back to `path` (nothing is done).
export async function requireUser(path: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/accounts/login/?next=${encodeURIComponent(path)}`);
  return user;
}

// From a Server Action: the response sets the session cookie (Secure when the site is served over HTTPS).
export async function startSession(userId: number): Promise<void> {
  const secure = siteOrigin(await headers()).startsWith("https:");
  const value = `${userId}.${sign(String(userId))}`;
  (await cookies()).set(SESSION_COOKIE, value, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: MAX_AGE });
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

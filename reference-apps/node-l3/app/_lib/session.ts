// The signed-in user: the `sessionid` cookie's server-side session (src/sessions.ts: the cookie holds a random
// token, httpOnly and SameSite=Lax, so another site's page cannot post with it; Server Actions also check
// Origin, see proxy.ts). Logging out ends the session itself, not only this browser's cookie; proxy.ts sends
// the cookie again on page views, so it lasts as long as the renewed session.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { User } from "@/src/auth";
import {
  SESSION_COOKIE,
  endSession as endStored,
  sessionCookie,
  sessionUser,
  startSession as startStored,
} from "@/src/sessions";
import { database, siteOrigin } from "./server";

export type { User };

// The user of the current request (a page being rendered or an action being run), or null.
export async function currentUser(): Promise<User | null> {
  const session = await sessionUser(database(), (await cookies()).get(SESSION_COOKIE)?.value);
  return session?.user ?? null;
}

// Signed-in users only: anyone else is sent to the login page, which comes back to `path` (nothing is done).
export async function requireUser(path: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/accounts/login/?next=${encodeURIComponent(path)}`);
  return user;
}

// From a Server Action: a new session (replacing the browser's earlier one, if any), and the response sets its
// cookie (Secure when the site is served over HTTPS).
export async function startSession(userId: number): Promise<void> {
  const jar = await cookies();
  await endStored(database(), jar.get(SESSION_COOKIE)?.value);
  const { token, expires } = await startStored(database(), userId);
  jar.set(SESSION_COOKIE, token, sessionCookie(siteOrigin(await headers()).startsWith("https:"), expires));
}

export async function endSession(): Promise<void> {
  const jar = await cookies();
  await endStored(database(), jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
}

// Sign-in sessions that the server can end. The browser holds a random token in an HttpOnly, SameSite=Lax cookie
// (Secure over HTTPS); the database holds only the token's SHA-256 (the auth_session table), so a copy of the
// table signs nobody in. A session expires SESSION_DAYS after it began or was last renewed (a use past half that
// time renews it); logging out deletes it, and a password change deletes all of its user's sessions. Both webs
// use this module.
// Expired rows are deleted by the worker's nightly cleanup (src/jobs/tasks.ts).
import crypto from "node:crypto";
import { eq, lte } from "drizzle-orm";
import type { User } from "./auth.ts";
import { storedTime, type Database } from "./db.ts";
import { sessions, users } from "./schema.ts";

export const SESSION_COOKIE = "sessionid";
export const SESSION_DAYS = 14;
const LIFETIME_MS = SESSION_DAYS * 24 * 60 * 60 * 1000;

// The cookie's attributes, for Express's res.cookie and Next.js's cookies().set alike.
export function sessionCookie(secure: boolean, expires: Date) {
  return { httpOnly: true, sameSite: "lax", secure, path: "/", expires } as const;
}

const idOf = (token: string): string => crypto.createHash("sha256").update(token).digest("hex");

// A new session of `userId`: the token for the cookie (never stored), and when it expires.
export async function startSession(db: Database, userId: number): Promise<{ token: string; expires: Date }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + LIFETIME_MS);
  await db.insert(sessions).values({ id: idOf(token), user_id: userId, expires_at: storedTime(expires) });
  return { token, expires };
}

// The user of a session token and when the session now expires, or null for a token unknown or expired. A
// session past half its lifetime is renewed: the caller sets the cookie again with the new expiry (`renewed`).
export async function sessionUser(
  db: Database,
  token: string | undefined,
): Promise<{ user: User; expires: Date; renewed: boolean } | null> {
  if (!token || token.length > 100) return null;
  const id = idOf(token);
  const [row] = await db
    .select({ id: users.id, username: users.username, is_admin: users.is_admin, expires_at: sessions.expires_at })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.user_id))
    .where(eq(sessions.id, id))
    .limit(1);
  if (!row) return null;
  const now = Date.now();
  const user = { id: row.id, username: row.username, is_admin: row.is_admin };
  const expires = new Date(row.expires_at);
  if (expires.getTime() <= now) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (expires.getTime() - now > LIFETIME_MS / 2) return { user, expires, renewed: false };
  const renewed = new Date(now + LIFETIME_MS);
  await db
    .update(sessions)
    .set({ expires_at: storedTime(renewed) })
    .where(eq(sessions.id, id));
  return { user, expires: renewed, renewed: true };
}

// Logging out: the session of this token is gone, wherever a copy of the cookie is.
export async function endSession(db: Database, token: string | undefined): Promise<void> {
  if (token) await db.delete(sessions).where(eq(sessions.id, idOf(token)));
}

// A password change: every session of the user ends (each browser signs in again).
export async function endUserSessions(db: Database, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.user_id, userId));
}

// Deletes the expired sessions; returns how many.
export async function deleteExpiredSessions(db: Database): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(lte(sessions.expires_at, storedTime(new Date())))
    .returning({ id: sessions.id });
  return deleted.length;
}

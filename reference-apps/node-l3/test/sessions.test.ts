// Sign-in sessions the server can end (src/sessions.ts): the cookie holds a random token, the database only its
// SHA-256; logging out ends the session for every copy of the cookie, a password change ends all of the user's
// sessions, and an expired session signs nobody in.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { authenticate, saveUser } from "../src/auth.ts";
import { storedTime } from "../src/db.ts";
import { sessions } from "../src/schema.ts";
import { SESSION_COOKIE, SESSION_DAYS, deleteExpiredSessions, startSession } from "../src/sessions.ts";
import { ADMIN, creationOrder, logOut, present, signedIn, useApp } from "./helpers.ts";

const app = useApp();
const newPage = `/${present(creationOrder()[0]).plural}/new/`;
const DAY = 24 * 60 * 60 * 1000;

// What a page answers to a request carrying exactly these cookies: "signed in", or where it was sent.
async function visitWith(cookies: string): Promise<string> {
  const response = await fetch(`${app.url}${newPage}`, { headers: { Cookie: cookies }, redirect: "manual" });
  if (response.status === 200) return "signed in";
  return response.headers.get("location") ?? String(response.status);
}

const tokenIn = (cookies: string): string =>
  present(new RegExp(`(?:^|; )${SESSION_COOKIE}=([^;]+)`).exec(cookies)?.[1], "the session cookie");
const sessionId = (token: string): string => crypto.createHash("sha256").update(token).digest("hex");
const rowsOf = (id: string) => app.db.select().from(sessions).where(eq(sessions.id, id));

async function newUser(password: string): Promise<{ username: string; password: string }> {
  const username = `session-${crypto.randomBytes(4).toString("hex")}`;
  await saveUser(app.db, username, password);
  return { username, password };
}

test("the database keeps the token's SHA-256, never the token", async () => {
  const token = tokenIn((await signedIn(app)).cookies());
  assert.equal((await rowsOf(token)).length, 0);
  assert.equal((await rowsOf(sessionId(token))).length, 1);
});

test("a copy of the session cookie signs nobody in once its browser has logged out", async () => {
  const user = await signedIn(app);
  const copied = user.cookies();
  assert.equal(await visitWith(copied), "signed in");
  await logOut(user);
  assert.match(await visitWith(copied), /^\/accounts\/login\//);
});

test("setting a user's password ends every session of the user", async () => {
  const credentials = await newUser("first password 123");
  const browsers = [await signedIn(app, credentials), await signedIn(app, credentials)];
  const other = await signedIn(app);
  for (const user of browsers) assert.equal(await visitWith(user.cookies()), "signed in");
  await saveUser(app.db, credentials.username, "second password 456");
  for (const user of browsers) assert.match(await visitWith(user.cookies()), /^\/accounts\/login\//);
  assert.equal(await visitWith(other.cookies()), "signed in", "another user's session goes on");
});

test("an expired session signs nobody in; one past half its life is renewed", async () => {
  const expired = await signedIn(app);
  const gone = sessionId(tokenIn(expired.cookies()));
  await app.db
    .update(sessions)
    .set({ expires_at: storedTime(new Date(Date.now() - 1000)) })
    .where(eq(sessions.id, gone));
  assert.match(await visitWith(expired.cookies()), /^\/accounts\/login\//);
  assert.equal((await rowsOf(gone)).length, 0, "deleted when seen");

  const aging = await signedIn(app);
  const kept = sessionId(tokenIn(aging.cookies()));
  await app.db
    .update(sessions)
    .set({ expires_at: storedTime(new Date(Date.now() + DAY)) })
    .where(eq(sessions.id, kept));
  assert.equal(await visitWith(aging.cookies()), "signed in");
  const [row] = await rowsOf(kept);
  const renewed = new Date(present(row).expires_at).getTime();
  assert.ok(renewed > Date.now() + (SESSION_DAYS - 1) * DAY, `renewed to ${new Date(renewed).toISOString()}`);
});

test("the cleanup deletes expired sessions and keeps the others", async () => {
  const admin = present(await authenticate(app.db, ADMIN.username, ADMIN.password), "the admin");
  const [expired, live] = [await startSession(app.db, admin.id), await startSession(app.db, admin.id)];
  await app.db
    .update(sessions)
    .set({ expires_at: storedTime(new Date(Date.now() - DAY)) })
    .where(eq(sessions.id, sessionId(expired.token)));
  assert.ok((await deleteExpiredSessions(app.db)) >= 1);
  assert.equal((await rowsOf(sessionId(expired.token))).length, 0);
  assert.equal((await rowsOf(sessionId(live.token))).length, 1);
});

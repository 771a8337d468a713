// Users, password hashing (scrypt from node:crypto), API tokens, and the guards of pages and API writes.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { storedTime, type Database } from "./db.ts";
import { tokens, users } from "./schema.ts";
import { endUserSessions } from "./sessions.ts";

// A signed-in user as requests carry it (never the password hash).
export interface User {
  id: number;
  username: string;
  is_admin: boolean;
}

function scrypt(password: string, salt: Buffer, keyLength: number, options: crypto.ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

// "scrypt$N$r$p$salt$hash": the parameters travel with the hash, so they can be raised later.
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LENGTH, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), hash.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = String(stored).split("$");
  if (scheme !== "scrypt" || !hash || salt === undefined) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    maxmem: COST.maxmem,
  });
  return crypto.timingSafeEqual(actual, expected);
}

// A hash to compare against when the user does not exist, so that a wrong name takes as long as a wrong password.
let dummyHash: string | undefined;

// The columns a request's user carries around (never the password hash).
const PUBLIC = { id: users.id, username: users.username, is_admin: users.is_admin };

export async function authenticate(db: Database, username: unknown, password: unknown): Promise<User | null> {
  if (typeof username !== "string" || typeof password !== "string" || !username || !password) return null;
  if (username.includes("\0")) return null; // no user name holds one (PostgreSQL would refuse the query)
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  dummyHash ??= await hashPassword("not a real password");
  const ok = await verifyPassword(password, user ? user.password : dummyHash);
  return user && ok ? { id: user.id, username: user.username, is_admin: user.is_admin } : null;
}

// Create the user, or set the password of an existing one (createadmin can be run again to reset it), which ends
// every session of the user.
export async function saveUser(
  db: Database,
  username: string,
  password: string,
  { admin = false }: { admin?: boolean } = {},
): Promise<{ created: boolean }> {
  const hash = await hashPassword(password);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  if (existing) {
    await db.update(users).set({ password: hash, is_admin: admin }).where(eq(users.id, existing.id));
    await endUserSessions(db, existing.id);
    return { created: false };
  }
  await db.insert(users).values({ username, password: hash, is_admin: admin, created_at: storedTime(new Date()) });
  return { created: true };
}

// One token a user (as Django REST framework's authtoken does): the same key until it is deleted.
export async function tokenFor(db: Database, userId: number): Promise<string> {
  const [existing] = await db.select({ key: tokens.key }).from(tokens).where(eq(tokens.user_id, userId)).limit(1);
  if (existing) return existing.key;
  const key = crypto.randomBytes(20).toString("hex");
  // Two sign-ins at once may both try to insert: the one that loses reads the winner's key.
  await db
    .insert(tokens)
    .values({ key, user_id: userId, created_at: storedTime(new Date()) })
    .onConflictDoNothing();
  const [saved] = await db.select({ key: tokens.key }).from(tokens).where(eq(tokens.user_id, userId)).limit(1);
  if (!saved) throw new Error(`no token for user ${userId}`);
  return saved.key;
}

async function userByToken(db: Database, key: string): Promise<User | null> {
  const [user] = await db
    .select(PUBLIC)
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.user_id))
    .where(eq(tokens.key, key))
    .limit(1);
  return user ?? null;
}

// The user an `Authorization` header names: { user } for `Token <key>` of a user, { error } for anything else.
export async function userForAuthorization(
  db: Database,
  header: string,
): Promise<{ user: User; error: null } | { user: null; error: string }> {
  const match = /^Token\s+(\S+)\s*$/i.exec(header);
  if (!match) return { user: null, error: "Invalid token header. Use: Authorization: Token <token>." };
  const user = await userByToken(db, match[1] ?? "");
  return user ? { user, error: null } : { user: null, error: "Invalid token." };
}

// Only local paths: ?next=https://elsewhere.example must not turn the login page into an open redirect.
export function safeNext(next: unknown): string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : "/";
}

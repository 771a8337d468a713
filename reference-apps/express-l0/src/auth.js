// Users, password hashing (scrypt from node:crypto), API tokens, and the guards of pages and API writes.
import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt);
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

// "scrypt$N$r$p$salt$hash": the parameters travel with the hash, so they can be raised later.
export async function hashPassword(password) {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LENGTH, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), hash.toString("base64")].join("$");
}

export async function verifyPassword(password, stored) {
  const [scheme, N, r, p, salt, hash] = String(stored).split("$");
  if (scheme !== "scrypt" || !hash) return false;
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
let dummyHash;

export async function authenticate(db, username, password) {
  if (typeof username !== "string" || typeof password !== "string" || !username || !password) return null;
  const user = db.prepare('SELECT * FROM "auth_user" WHERE "username" = ?').get(username);
  dummyHash ??= await hashPassword("not a real password");
  const ok = await verifyPassword(password, user ? user.password : dummyHash);
  return user && ok ? user : null;
}

// Create the user, or set the password of an existing one (createadmin can be run again to reset it).
export async function saveUser(db, username, password, { admin = false } = {}) {
  const hash = await hashPassword(password);
  const existing = db.prepare('SELECT "id" FROM "auth_user" WHERE "username" = ?').get(username);
  if (existing) {
    db.prepare('UPDATE "auth_user" SET "password" = ?, "is_admin" = ? WHERE "id" = ?').run(hash, admin ? 1 : 0, existing.id);
    return { created: false };
  }
  db.prepare('INSERT INTO "auth_user" ("username", "password", "is_admin", "created_at") VALUES (?, ?, ?, ?)').run(
    username,
    hash,
    admin ? 1 : 0,
    new Date().toISOString(),
  );
  return { created: true };
}

// One token a user (as Django REST framework's authtoken does): the same key until it is deleted.
export function tokenFor(db, userId) {
  const existing = db.prepare('SELECT "key" FROM "auth_token" WHERE "user_id" = ?').pluck().get(userId);
  if (existing) return existing;
  const key = crypto.randomBytes(20).toString("hex");
  db.prepare('INSERT INTO "auth_token" ("key", "user_id", "created_at") VALUES (?, ?, ?)').run(key, userId, new Date().toISOString());
  return key;
}

function userByToken(db, key) {
  return db
    .prepare('SELECT "auth_user".* FROM "auth_token" JOIN "auth_user" ON "auth_user"."id" = "auth_token"."user_id" WHERE "auth_token"."key" = ?')
    .get(key);
}

function userById(db, id) {
  return db.prepare('SELECT * FROM "auth_user" WHERE "id" = ?').get(id);
}

// req.user from the session (pages) or from `Authorization: Token <key>` (the API); req.authError for a bad token.
export function loadUser(db) {
  return (req, res, next) => {
    req.user = null;
    const header = req.get("authorization") || "";
    const match = /^Token\s+(\S+)\s*$/i.exec(header);
    if (match) {
      req.user = userByToken(db, match[1]) || null;
      if (!req.user) req.authError = "Invalid token.";
    } else if (header) {
      req.authError = "Invalid token header. Use: Authorization: Token <token>.";
    } else if (req.session?.userId) {
      req.user = userById(db, req.session.userId) || null;
    }
    res.locals.user = req.user;
    next();
  };
}

// Pages: an anonymous visitor is sent to the login page, and comes back after signing in.
export function requireLogin(req, res, next) {
  if (req.user) return next();
  const target = req.method === "GET" ? req.originalUrl : req.baseUrl + req.path;
  return res.redirect(302, `/accounts/login/?next=${encodeURIComponent(target)}`);
}

// API writes: a token user only (a browser session would need CSRF protection on every API call).
export function requireToken(req, res, next) {
  const header = req.get("authorization") || "";
  if (req.user && header) return next();
  res.set("WWW-Authenticate", "Token");
  return res.status(401).json({ detail: req.authError || "Authentication credentials were not provided." });
}

// Only local paths: ?next=https://elsewhere.example must not turn the login page into an open redirect.
export function safeNext(next) {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

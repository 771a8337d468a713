// Django's CSRF token for a form: the secret of the csrftoken cookie, masked afresh for every page (as Django's
// own csrf_token template tag does), so that a compressed page never carries the same secret bytes twice.
import { randomInt } from "node:crypto";

const CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SECRET_LENGTH = 32;

export function maskedToken(secret: string): string {
  const valid = secret.length === SECRET_LENGTH && [...secret].every((c) => CHARS.includes(c));
  if (!valid) return "";
  const mask = Array.from({ length: SECRET_LENGTH }, () => CHARS[randomInt(CHARS.length)]).join("");
  const cipher = [...secret].map((c, i) => CHARS[(CHARS.indexOf(c) + CHARS.indexOf(mask[i])) % CHARS.length]);
  return mask + cipher.join("");
}

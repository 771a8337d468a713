// POST /api/auth/token/ {"username", "password"} -> {"token"} (a form-encoded body works too).
import { authenticate, tokenFor } from "../../../../src/auth.js";
import { database } from "../../../_lib/server.js";

export async function POST(request) {
  const type = request.headers.get("content-type") || "";
  const body = type.includes("json") ? await request.json().catch(() => ({})) : Object.fromEntries(await request.formData());
  const user = await authenticate(database(), body.username, body.password);
  if (!user) return Response.json({ non_field_errors: ["Unable to log in with provided credentials."] }, { status: 400 });
  return Response.json({ token: await tokenFor(database(), user.id) });
}

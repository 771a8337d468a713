// POST /api/auth/token/ {"username", "password"} -> {"token"} (a form-encoded body works too).
import { tokenFor } from "@/src/auth";
import { TOO_MANY, signIn } from "@/src/throttle";
import { clientAddress, database } from "../../../_lib/server";

// The credentials sent; {} for a body that holds none (not JSON, not a form, JSON null or a list).
async function credentials(request: Request): Promise<{ username?: unknown; password?: unknown }> {
  const type = request.headers.get("content-type") || "";
  try {
    const body: unknown = type.includes("json") ? await request.json() : Object.fromEntries(await request.formData());
    return body && typeof body === "object" ? body : {};
  } catch {
    return {};
  }
}

export async function POST(request: Request): Promise<Response> {
  const body = await credentials(request);
  const { user, wait } = await signIn(database(), clientAddress(request.headers), body.username, body.password);
  if (wait) return Response.json({ detail: TOO_MANY(wait) }, { status: 429, headers: { "Retry-After": String(wait) } });
  if (!user)
    return Response.json({ non_field_errors: ["Unable to log in with provided credentials."] }, { status: 400 });
  return Response.json({ token: await tokenFor(database(), user.id) });
}

// POST /accounts/logout/: forget the session.
import { csrfFailed, readPost, seeOther } from "../../_lib/session.js";

export async function POST(request) {
  const { csrfOk } = await readPost(request);
  if (!csrfOk) return csrfFailed();
  const response = seeOther("/");
  response.headers.append("Set-Cookie", "session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  return response;
}

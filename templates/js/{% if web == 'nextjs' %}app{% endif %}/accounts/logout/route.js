// POST /accounts/logout/: forget the session.
import { answeringPage } from "../../_lib/outage.js";
import { csrfFailed, readPost, seeOther } from "../../_lib/session.js";

async function post(request) {
  const { csrfOk } = await readPost(request);
  if (!csrfOk) return csrfFailed();
  const response = seeOther("/");
  response.headers.append("Set-Cookie", "session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  return response;
}

export const POST = answeringPage(post);

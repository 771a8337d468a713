// POST /accounts/login/ (rewritten here by proxy.js): sign in, then 303 to `next`.
import { safeNext } from "../../../../src/auth";
import { signIn } from "../../../../src/throttle";
import { answeringPage } from "../../../_lib/outage.js";
import { clientAddress, database, tooManySignIns } from "../../../_lib/server.js";
import { csrfFailed, readPost, seeOther, sessionCookie } from "../../../_lib/session.js";

async function post(request) {
  const { form, csrfOk } = await readPost(request);
  if (!csrfOk) return csrfFailed();
  const next = safeNext(form.next);
  const { user, wait } = await signIn(database(), clientAddress(request), form.username, form.password);
  if (wait) return tooManySignIns(wait);
  if (!user) return seeOther(`/accounts/login/?failed=1&next=${encodeURIComponent(next)}`);
  const cookie = sessionCookie(user.id, new URL(request.url).protocol === "https:");
  const response = seeOther(next);
  response.headers.append(
    "Set-Cookie",
    `${cookie.name}=${cookie.value}; Path=/; Max-Age=${cookie.maxAge}; HttpOnly; SameSite=Lax${cookie.secure ? "; Secure" : ""}`,
  );
  return response;
}

export const POST = answeringPage(post);

// What the form posts share: signed-in users only (others go to the login page, nothing stored), the CSRF
// check, and on invalid input a 303 back to the form with the values and errors in a short-lived cookie.
import { submitted } from "../../src/presentation";
import { ValidationError } from "../../src/records";
import { fromForm } from "../../src/validation";
import { csrfFailed, loginRedirect, readPost, seeOther } from "./session.js";

export async function submitForm(request, { path, entity, save }) {
  const { form, user, csrfOk } = await readPost(request);
  if (!user) return loginRedirect(path);
  if (!csrfOk) return csrfFailed();
  try {
    const object = await save(fromForm(entity, form));
    if (!object) return new Response("Not found", { status: 404 });
    const response = seeOther(`/${entity.plural}/${object[entity.pk.name]}/`);
    response.headers.append("Set-Cookie", "form_state=; Path=/; Max-Age=0");
    return response;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const state = Buffer.from(JSON.stringify({ path, values: submitted(entity, form), errors: error.errors })).toString("base64url");
    const response = seeOther(path);
    response.headers.append("Set-Cookie", `form_state=${state}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax`);
    return response;
  }
}

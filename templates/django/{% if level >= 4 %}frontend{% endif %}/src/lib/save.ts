import type { AstroGlobal } from "astro";
import { apiWrite, apiPath } from "./api.ts";
import { fieldErrors, payloadOf } from "./forms.ts";
import type { Entity, Row } from "./spec.ts";

export interface Saved {
  values: Row;
  errors: Record<string, string[]>;
  /** Where to go once stored (the object's page); null when the form is shown again with its errors. */
  location: string | null;
}

/** Send a posted form to the API (POST a new object, or PUT one): the object's page, or the errors per field. */
export async function save(astro: AstroGlobal, entity: Entity, id?: string): Promise<Saved> {
  const form = await astro.request.formData();
  const values = payloadOf(entity, form);
  const token = String(form.get("csrfmiddlewaretoken") ?? "");
  const answer = await apiWrite(astro, id === undefined ? "POST" : "PUT", apiPath(entity.plural, id), token, values);
  if (answer.status === 200 || answer.status === 201) {
    const pk = String((answer.body as Row)[entity.pk.name]);
    return { values, errors: {}, location: `/${entity.plural}/${encodeURIComponent(pk)}/` };
  }
  astro.response.status = answer.status === 400 ? 400 : 403;
  const errors =
    answer.status === 400 ? fieldErrors(answer.body) : { "": ["Not saved: sign in again and resend the form."] };
  return { values, errors, location: null };
}

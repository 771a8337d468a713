"use server";
// The Server Actions of an entity's pages: create, edit and delete, for signed-in users only (anyone else is
// sent to the login page and nothing is stored). CSRF: Next.js refuses an action posted from another origin
// (Origin against Host), and proxy.ts refuses it first with a 403; the session cookie is SameSite=Lax.
import { notFound, redirect } from "next/navigation";
import { submitted } from "@/src/presentation";
import { ProtectedError, ValidationError } from "@/src/records";
import { fromForm } from "@/src/validation";
import type { ActionError } from "../_lib/action-form";
import { outageRedirect } from "../_lib/rendering";
import { recordsFor } from "../_lib/server";
import { requireUser } from "../_lib/session";

// What an invalid form gets back: the values as typed and the errors by field name, shown next to the fields.
export type FormState = { values: Record<string, unknown>; errors: Record<string, string[]> } | null;

// Creates (pk null) or updates an object from its form, then 303 to its page; invalid input stays on the form.
export const saveObject = outageRedirect(async function saveObject(
  plural: string,
  pk: string | null,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const records = recordsFor(plural);
  const id = records && pk !== null ? records.parsePk(pk) : null;
  if (!records || (pk !== null && (id === null || !(await records.get(id))))) notFound();
  await requireUser(id === null ? `/${plural}/new/` : `/${plural}/${pk}/edit/`);
  const { entity } = records;
  const form = Object.fromEntries(formData);
  let saved;
  try {
    const input = fromForm(entity, form);
    saved = id === null ? await records.create(input) : await records.update(id, input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { values: submitted(entity, form), errors: error.errors };
  }
  if (!saved) notFound();
  redirect(`/${plural}/${saved[entity.pk.name]}/`);
});

// Deletes an object, then 303 to the list; while other objects refer to it, the reason stays on the page.
export const deleteObject = outageRedirect(async function deleteObject(
  plural: string,
  pk: string,
  _previous: ActionError,
  _formData: FormData,
): Promise<ActionError> {
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  if (!records || id === null || !(await records.get(id))) notFound();
  await requireUser(`/${plural}/${pk}/delete/`);
  try {
    await records.delete(id);
  } catch (error) {
    if (!(error instanceof ProtectedError)) throw error;
    return { error: error.message };
  }
  redirect(`/${plural}/`);
});

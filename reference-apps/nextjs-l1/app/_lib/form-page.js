// The create and edit pages: signed-in users only, the entity's fields, and what a failed post left.
import { notFound, redirect } from "next/navigation";
import { formFields, initialValues } from "../../src/presentation";
import { database, recordsFor } from "./server.js";
import { currentSession } from "./session.js";
import { Fields, formState } from "./ui.js";

export async function FormPage({ plural, pk = null }) {
  const records = recordsFor(plural);
  if (!records) notFound();
  const id = pk === null ? null : records.parsePk(pk);
  const object = id === null ? null : await records.get(id);
  if (pk !== null && !object) notFound();
  const path = object ? `/${plural}/${id}/edit/` : `/${plural}/new/`;
  const { user, csrfToken } = await currentSession();
  if (!user) redirect(`/accounts/login/?next=${encodeURIComponent(path)}`);
  const state = await formState(path);
  const values = state?.values ?? (object || initialValues(records.entity));
  const fields = await formFields(database(), records.entity, values, state?.errors);
  const cancel = object ? `/${plural}/${id}/` : `/${plural}/`;
  return (
    <>
      <h1 className="h3 mb-3">{object ? `Edit ${records.display(object)}` : `New ${records.entity.name.toLowerCase()}`}</h1>
      <form method="post" action={path} className="col-lg-8" noValidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <Fields fields={fields} />
        <button className="btn btn-primary" type="submit">Save</button>
        <a className="btn btn-link" href={cancel}>Cancel</a>
      </form>
    </>
  );
}

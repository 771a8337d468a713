// The create and edit pages: signed-in users only, the entity's fields with the object's values (or the
// defaults), and the form that saves them through the saveObject Server Action.
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { formFields, initialValues } from "@/src/presentation";
import { database, recordsFor } from "../_lib/server";
import { requireUser } from "../_lib/session";
import type { FormField } from "../_lib/ui";
import { saveObject } from "./actions";
import { ObjectForm } from "./object-form";

export async function FormPage({ plural, pk = null }: { plural: string; pk?: string | null }): Promise<ReactNode> {
  const records = recordsFor(plural);
  if (!records) notFound();
  const id = pk === null ? null : records.parsePk(pk);
  const object = id === null ? null : await records.get(id);
  if (pk !== null && !object) notFound();
  await requireUser(object ? `/${plural}/${id}/edit/` : `/${plural}/new/`);
  const fields: FormField[] = await formFields(
    database(),
    records.entity,
    object ?? initialValues(records.entity),
    null,
  );
  return (
    <>
      <h1 className="h3 mb-3">
        {object ? `Edit ${records.display(object)}` : `New ${records.entity.name.toLowerCase()}`}
      </h1>
      <ObjectForm
        action={saveObject.bind(null, plural, object ? String(id) : null)}
        fields={fields.map(
          ({ name, kind, label, required, inputType, maxLength, step, value, options, help, errors }) => ({
            name,
            kind,
            label,
            required,
            inputType,
            maxLength,
            step,
            value,
            options,
            help,
            errors,
          }),
        )}
        cancel={object ? `/${plural}/${id}/` : `/${plural}/`}
      />
    </>
  );
}

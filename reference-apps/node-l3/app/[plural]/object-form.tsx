"use client";
// The create and edit form: posts to its Server Action (saveObject) and, when the input is refused, shows
// each error under its field with the values as they were typed (useActionState). Without JavaScript the
// browser posts it to the page's own URL, and Next.js answers with the page as the action left it.
import { useActionState, type ReactNode } from "react";
import type { FormAction } from "../_lib/action-form";
import { Fields, type FormField } from "../_lib/ui";
import type { FormState } from "./actions";

export function ObjectForm({
  action,
  fields,
  cancel,
}: {
  action: FormAction<FormState>;
  fields: FormField[];
  cancel: string;
}): ReactNode {
  const [state, formAction, pending] = useActionState(action, null);
  const shown = state
    ? fields.map((field) => ({ ...field, value: state.values[field.name], errors: state.errors[field.name] ?? [] }))
    : fields;
  return (
    <form action={formAction} className="col-lg-8" noValidate>
      <Fields fields={shown} />
      <button className="btn btn-primary" type="submit" disabled={pending}>
        Save
      </button>
      <a className="btn btn-link" href={cancel}>
        Cancel
      </a>
    </form>
  );
}

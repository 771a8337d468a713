"use client";
// A form that runs a Server Action and shows the error it returns above its inputs (useActionState). Without
// JavaScript the browser posts it to the page's own URL and Next.js renders the page with the error, the same.
import { useActionState, type ReactNode } from "react";

export type ActionError = { error: string } | null;
export type FormAction<State> = (state: State, formData: FormData) => Promise<State>;

export function ActionForm({
  action,
  button,
  buttonClass = "btn btn-primary",
  children,
  className,
}: {
  action: FormAction<ActionError>;
  button: ReactNode;
  buttonClass?: string;
  children?: ReactNode;
  className?: string;
}): ReactNode {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className={className}>
      {state?.error ? <div className="alert alert-danger">{state.error}</div> : null}
      {children}
      <button className={buttonClass} type="submit" disabled={pending}>
        {button}
      </button>
    </form>
  );
}

"use client";
// The login form: posts to the logIn Server Action; a refusal is shown above it with the username kept.
import { useActionState, type ReactNode } from "react";
import type { FormAction } from "../../_lib/action-form";
import type { LoginState } from "./actions";

export function LoginForm({ action }: { action: FormAction<LoginState> }): ReactNode {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction}>
      {state ? <div className="alert alert-danger">{state.error}</div> : null}
      <div className="mb-3">
        <label className="form-label" htmlFor="id_username">
          Username
        </label>
        <input
          className="form-control"
          type="text"
          name="username"
          id="id_username"
          autoComplete="username"
          required
          autoFocus
          defaultValue={state?.username}
        />
      </div>
      <div className="mb-3">
        <label className="form-label" htmlFor="id_password">
          Password
        </label>
        <input
          className="form-control"
          type="password"
          name="password"
          id="id_password"
          autoComplete="current-password"
          required
        />
      </div>
      <button className="btn btn-primary" type="submit" disabled={pending}>
        Log in
      </button>
    </form>
  );
}

// GET /accounts/login/: the login form (it posts to the logIn Server Action, actions.ts), which comes back to
// ?next= once signed in.
import { safeNext } from "@/src/auth";
import { outageRedirect } from "../../_lib/rendering";
import { logIn } from "./actions";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

async function Login({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  return (
    <div className="col-md-6 col-lg-4">
      <h1 className="h3 mb-3">Log in</h1>
      <LoginForm action={logIn.bind(null, safeNext(typeof next === "string" ? next : undefined))} />
    </div>
  );
}

export default outageRedirect(Login);

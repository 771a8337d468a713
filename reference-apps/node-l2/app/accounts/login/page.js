// GET /accounts/login/ (its POST goes to submit/accounts/login/route.js, see proxy.js).
import { safeNext } from "../../../src/auth";
import { rendering } from "../../_lib/rendering.js";
import { currentSession } from "../../_lib/session.js";

export const dynamic = "force-dynamic";

async function Login({ searchParams }) {
  const { next, failed } = await searchParams;
  const { csrfToken } = await currentSession();
  return (
    <div className="col-md-6 col-lg-4">
      <h1 className="h3 mb-3">Log in</h1>
      {failed ? <div className="alert alert-danger">Your username and password didn&apos;t match. Please try again.</div> : null}
      <form method="post" action="/accounts/login/">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <div className="mb-3">
          <label className="form-label" htmlFor="id_username">Username</label>
          <input className="form-control" type="text" name="username" id="id_username" autoComplete="username" required autoFocus />
        </div>
        <div className="mb-3">
          <label className="form-label" htmlFor="id_password">Password</label>
          <input className="form-control" type="password" name="password" id="id_password" autoComplete="current-password" required />
        </div>
        <input type="hidden" name="next" value={safeNext(next)} />
        <button className="btn btn-primary" type="submit">Log in</button>
      </form>
    </div>
  );
}

export default rendering(Login);

// GET /accounts/logout/: the button that ends the session (POST /accounts/logout/, the logOut Server Action).
import { logOut } from "../login/actions";

export default function Logout() {
  return (
    <div className="col-md-6 col-lg-4">
      <h1 className="h3 mb-3">Log out</h1>
      <form action={logOut}>
        <button className="btn btn-primary" type="submit">
          Log out
        </button>
      </form>
    </div>
  );
}

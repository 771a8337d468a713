// GET /<plural>/new/: the create form (its POST goes to submit/[plural]/new/route.js, see proxy.js).
import { FormPage } from "../../_lib/form-page.js";
import { rendering } from "../../_lib/rendering.js";

export const dynamic = "force-dynamic";

async function New({ params }) {
  return <FormPage plural={(await params).plural} />;
}

export default rendering(New);

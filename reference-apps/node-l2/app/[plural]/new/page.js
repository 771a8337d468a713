// GET /<plural>/new/: the create form (its POST goes to submit/[plural]/new/route.js, see proxy.js).
import { FormPage } from "../../_lib/form-page.js";

export const dynamic = "force-dynamic";

export default async function New({ params }) {
  return <FormPage plural={(await params).plural} />;
}

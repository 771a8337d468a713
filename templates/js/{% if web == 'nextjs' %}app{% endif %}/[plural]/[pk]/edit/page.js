// GET /<plural>/<pk>/edit/: the edit form (its POST goes to submit/[plural]/[pk]/edit/route.js, see proxy.js).
import { FormPage } from "../../../_lib/form-page.js";
import { rendering } from "../../../_lib/rendering.js";

export const dynamic = "force-dynamic";

async function Edit({ params }) {
  const { plural, pk } = await params;
  return <FormPage plural={plural} pk={pk} />;
}

export default rendering(Edit);

// GET /<plural>/<pk>/edit/: the edit form (it posts to the saveObject Server Action, actions.ts).
import { outageRedirect } from "../../../_lib/rendering";
import { FormPage } from "../../form-page";

export const dynamic = "force-dynamic";

async function Edit({ params }: { params: Promise<{ plural: string; pk: string }> }) {
  const { plural, pk } = await params;
  return <FormPage plural={plural} pk={pk} />;
}

export default outageRedirect(Edit);

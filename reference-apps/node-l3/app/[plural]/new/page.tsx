// GET /<plural>/new/: the create form (it posts to the saveObject Server Action, actions.ts).
import { outageRedirect } from "../../_lib/rendering";
import { FormPage } from "../form-page";

export const dynamic = "force-dynamic";

async function New({ params }: { params: Promise<{ plural: string }> }) {
  return <FormPage plural={(await params).plural} />;
}

export default outageRedirect(New);

// GET /<plural>/<pk>/delete/: are you sure? Its form posts (POST /<plural>/<pk>/delete/) to the deleteObject
// Server Action, which goes on to the list, or says why the object cannot go while others refer to it.
import { notFound } from "next/navigation";
import { ActionForm } from "../../../_lib/action-form";
import { outageRedirect } from "../../../_lib/rendering";
import { recordsFor } from "../../../_lib/server";
import { requireUser } from "../../../_lib/session";
import { deleteObject } from "../../actions";

export const dynamic = "force-dynamic";

async function Delete({ params }: { params: Promise<{ plural: string; pk: string }> }) {
  const { plural, pk } = await params;
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  const object = id === null ? null : await records?.get(id);
  if (!records || !object) notFound();
  const url = `/${plural}/${id}/`;
  await requireUser(`${url}delete/`);
  return (
    <>
      <h1 className="h3 mb-3">Delete {records.display(object)}?</h1>
      <ActionForm
        action={deleteObject.bind(null, plural, String(id))}
        button="Yes, delete"
        buttonClass="btn btn-danger"
      >
        <p>This cannot be undone.</p>
      </ActionForm>
      <a className="btn btn-link mt-2" href={url}>
        Cancel
      </a>
    </>
  );
}

export default outageRedirect(Delete);

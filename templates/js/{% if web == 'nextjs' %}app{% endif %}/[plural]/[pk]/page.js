// GET /<plural>/<pk>/: one object, with its edit link and delete button.
import { notFound } from "next/navigation";
import { detailCells } from "../../../src/presentation";
import { rendering } from "../../_lib/rendering.js";
import { database, recordsFor } from "../../_lib/server.js";
import { currentSession } from "../../_lib/session.js";
import { CellValue } from "../../_lib/ui.js";

export const dynamic = "force-dynamic";

async function Detail({ params }) {
  const { plural, pk } = await params;
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  const object = id === null ? null : await records.get(id);
  if (!object) notFound();
  const { csrfToken } = await currentSession();
  const url = `/${plural}/${id}/`;
  return (
    <>
      <nav aria-label="breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item"><a href={`/${plural}/`}>{records.entity.verbosePlural}</a></li>
          <li className="breadcrumb-item active" aria-current="page">{records.display(object)}</li>
        </ol>
      </nav>
      <h1 className="h3 mb-3">{records.display(object)}</h1>
      <dl className="row">
        {(await detailCells(database(), records.entity, object)).map((cell) => [
          <dt className="col-sm-3" key={`${cell.label}-dt`}>{cell.label}</dt>,
          <dd className="col-sm-9" key={`${cell.label}-dd`}><CellValue cell={cell} /></dd>,
        ])}
      </dl>
      <form method="post" action={`${url}delete/`} className="d-flex gap-2">
        {/* A visitor has no token (proxy.js): the delete post sends them to log in first. */}
        {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
        <a className="btn btn-primary" href={`${url}edit/`}>Edit</a>
        <button className="btn btn-outline-danger" type="submit">Delete</button>
      </form>
    </>
  );
}

export default rendering(Detail);

// GET /<plural>/<pk>/: one object, with its edit and delete links.
import { notFound } from "next/navigation";
import { detailCells } from "@/src/presentation";
import { outageRedirect } from "../../_lib/rendering";
import { database, recordsFor } from "../../_lib/server";
import { type Cell, CellValue } from "../../_lib/ui";

export const dynamic = "force-dynamic";

async function Detail({ params }: { params: Promise<{ plural: string; pk: string }> }) {
  const { plural, pk } = await params;
  const records = recordsFor(plural);
  const id = records ? records.parsePk(pk) : null;
  const object = id === null ? null : await records?.get(id);
  if (!records || !object) notFound();
  const cells: (Cell & { label: string })[] = await detailCells(database(), records.entity, object);
  const url = `/${plural}/${id}/`;
  return (
    <>
      <nav aria-label="breadcrumb">
        <ol className="breadcrumb">
          <li className="breadcrumb-item">
            <a href={`/${plural}/`}>{records.entity.verbosePlural}</a>
          </li>
          <li className="breadcrumb-item active" aria-current="page">
            {records.display(object)}
          </li>
        </ol>
      </nav>
      <h1 className="h3 mb-3">{records.display(object)}</h1>
      <dl className="row">
        {cells.map((cell) => [
          <dt className="col-sm-3" key={`${cell.label}-dt`}>
            {cell.label}
          </dt>,
          <dd className="col-sm-9" key={`${cell.label}-dd`}>
            <CellValue cell={cell} />
          </dd>,
        ])}
      </dl>
      <div className="d-flex gap-2">
        <a className="btn btn-primary" href={`${url}edit/`}>
          Edit
        </a>
        <a className="btn btn-outline-danger" href={`${url}delete/`}>
          Delete
        </a>
      </div>
    </>
  );
}

export default outageRedirect(Detail);

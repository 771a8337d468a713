// GET /<plural>/: the list, 20 a page, `?q=` search and filters (a server component).
import { notFound } from "next/navigation";
import { label, listColumns, listFilters, listRows } from "@/src/presentation";
import { outageRedirect } from "../_lib/rendering";
import { database, recordsFor } from "../_lib/server";
import { currentUser } from "../_lib/session";
import { type Cell, CellValue } from "../_lib/ui";

type Filter = { name: string; label: string; selected: string; options: [unknown, string][] | null };

export const dynamic = "force-dynamic";

async function List({
  params,
  searchParams,
}: {
  params: Promise<{ plural: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { plural } = await params;
  const records = recordsFor(plural);
  if (!records) notFound();
  const { entity } = records;
  const query = Object.fromEntries(
    Object.entries(await searchParams).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const number = query.page ? Number(query.page) : 1;
  const page = await records.page({ q: query.q ?? "", filters: query }, number);
  if (!page) notFound();
  const user = await currentUser();
  const columns = listColumns(entity);
  const filters: Filter[] = await listFilters(database(), entity, query);
  const results: Record<string, unknown>[] = page.results;
  const rows: Cell[][] = await listRows(database(), entity, columns, results);
  const rest = new URLSearchParams(Object.entries(query).filter(([key]) => key !== "page")).toString();
  const base = `/${plural}/`;
  return (
    <>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-3">
        <h1 className="h3 me-auto mb-0">{entity.verbosePlural}</h1>
        <a className="btn btn-outline-secondary btn-sm" href={`${base}export.csv?${rest}`}>
          Export CSV
        </a>
        {/* Background jobs, for signed-in users (src/jobs/): the worker writes the CSV or reads an uploaded one. */}
        {user ? (
          <>
            <a
              className="btn btn-outline-secondary btn-sm"
              href={`/jobs/export/${entity.table}/${rest ? `?${rest}` : ""}`}
            >
              Export in background
            </a>
            <a className="btn btn-outline-secondary btn-sm" href={`/jobs/import/${entity.table}/`}>
              Import CSV
            </a>
          </>
        ) : null}
        <a className="btn btn-primary btn-sm" href={`${base}new/`}>
          New
        </a>
      </div>
      <form className="row g-2 mb-3" method="get">
        {entity.search.length ? (
          <div className="col-12 col-md">
            <input
              className="form-control"
              type="search"
              name="q"
              defaultValue={query.q ?? ""}
              placeholder="Search"
              aria-label="Search"
            />
          </div>
        ) : null}
        {filters.map((filter) => (
          <div className="col-6 col-md-auto" key={filter.name}>
            {filter.options ? (
              <select
                className="form-select"
                name={filter.name}
                defaultValue={filter.selected}
                aria-label={filter.label}
              >
                <option value="">{filter.label}: any</option>
                {filter.options.map(([value, text]) => (
                  <option key={String(value)} value={String(value)}>
                    {text}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className="form-control"
                type="text"
                name={filter.name}
                defaultValue={filter.selected}
                placeholder={`${filter.label} id`}
                aria-label={filter.label}
              />
            )}
          </div>
        ))}
        <div className="col-auto">
          <button className="btn btn-secondary" type="submit">
            Filter
          </button>
        </div>
      </form>
      {results.length ? (
        <div className="table-responsive">
          <table className="table table-hover align-middle">
            <thead>
              <tr>
                {columns.map((f) => (
                  <th scope="col" key={f.name}>
                    {label(f.name)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {results.map((object, row) => {
                const url = `${base}${String(object[entity.pk.name])}/`;
                return (
                  <tr key={url}>
                    {(rows[row] ?? []).map((cell, i) => (
                      <td key={columns[i]?.name ?? i}>
                        {i === 0 ? <a href={url}>{cell.text}</a> : <CellValue cell={cell} />}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-body-secondary">
          Nothing here yet. <a href={`${base}new/`}>Create the first one</a>.
        </p>
      )}
      {page.pages > 1 ? (
        <nav aria-label="Pages">
          <ul className="pagination">
            {page.number > 1 ? (
              <li className="page-item">
                <a className="page-link" href={`?${rest}&page=${page.number - 1}`}>
                  Previous
                </a>
              </li>
            ) : null}
            <li className="page-item disabled">
              <span className="page-link">
                Page {page.number} of {page.pages} ({page.countIsEstimate ? "about " : ""}
                {page.count})
              </span>
            </li>
            {page.number < page.pages ? (
              <li className="page-item">
                <a className="page-link" href={`?${rest}&page=${page.number + 1}`}>
                  Next
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}

export default outageRedirect(List);

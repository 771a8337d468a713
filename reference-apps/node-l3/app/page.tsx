// The home page: every entity with its count (a server component, read straight from the database).
import { entityCounts } from "@/src/cache";
import { entities } from "@/src/entities";
import { outageRedirect } from "./_lib/rendering";
import { database } from "./_lib/server";

export const dynamic = "force-dynamic";

async function Home() {
  // Cached in Redis until a row changes (src/cache).
  const counts = await entityCounts(database(), entities);
  return (
    <div className="row g-3">
      {entities.map((e) => (
        <div className="col-sm-6 col-lg-4" key={e.name}>
          <div className="card h-100">
            <div className="card-body">
              <h2 className="h5 card-title">
                <a href={`/${e.plural}/`}>{e.verbosePlural}</a>
              </h2>
              <p className="card-text text-body-secondary">
                {counts[e.name]?.countIsEstimate ? "About " : ""}
                {counts[e.name]?.count} in total
              </p>
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}

export default outageRedirect(Home);

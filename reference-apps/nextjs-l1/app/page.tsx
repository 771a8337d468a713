// The home page: every entity with its count (a server component, read straight from the database).
import { entities } from "@/src/entities";
import { Records } from "@/src/records";
import { outageRedirect } from "./_lib/rendering";
import { database } from "./_lib/server";

export const dynamic = "force-dynamic";

async function Home() {
  const counts = await Promise.all(entities.map((e) => new Records(database(), e).count()));
  return (
    <div className="row g-3">
      {entities.map((e, i) => (
        <div className="col-sm-6 col-lg-4" key={e.name}>
          <div className="card h-100">
            <div className="card-body">
              <h2 className="h5 card-title">
                <a href={`/${e.plural}/`}>{e.verbosePlural}</a>
              </h2>
              <p className="card-text text-body-secondary">{counts[i]} in total</p>
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}

export default outageRedirect(Home);

// GET /api/: every endpoint, for a developer finding their way.
import { entities } from "../../src/entities";
import { siteOrigin } from "../_lib/server.js";

export function GET(request) {
  const root = `${siteOrigin(request)}/api/`;
  return Response.json(Object.fromEntries(entities.map((e) => [e.plural, `${root}${e.plural}/`])));
}

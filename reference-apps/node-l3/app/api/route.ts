// GET /api/: every endpoint, for a developer finding their way.
import { entities } from "@/src/entities";
import { siteOrigin } from "../_lib/server";

export function GET(request: Request): Response {
  const root = `${siteOrigin(request.headers)}/api/`;
  return Response.json(Object.fromEntries(entities.map((e) => [e.plural, `${root}${e.plural}/`])));
}

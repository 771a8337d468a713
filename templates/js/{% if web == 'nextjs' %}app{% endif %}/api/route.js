// GET /api/: every endpoint, for a developer finding their way.
import { entities } from "../../src/entities.js";

export function GET(request) {
  const root = new URL("/api/", request.url).href;
  return Response.json(Object.fromEntries(entities.map((e) => [e.plural, `${root}${e.plural}/`])));
}

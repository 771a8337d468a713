import type { APIRoute } from "astro";
import { apiReady } from "../../lib/api.ts";

/** Readiness: the API answers, so pages can be served. */
export const GET: APIRoute = async () => {
  const api = (await apiReady()) ? "ok" : "unavailable";
  return Response.json(
    { status: api === "ok" ? "ok" : "unavailable", checks: { api } },
    { status: api === "ok" ? 200 : 503 },
  );
};

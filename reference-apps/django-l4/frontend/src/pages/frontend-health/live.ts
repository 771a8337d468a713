import type { APIRoute } from "astro";

/** Liveness: the frontend's server answers. */
export const GET: APIRoute = () => Response.json({ status: "ok" });

// GET /api/schema/: the API's OpenAPI description (src/openapi).
import { openapiDocument } from "@/src/openapi";

export function GET(): Response {
  return Response.json(openapiDocument());
}

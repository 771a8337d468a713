// GET /api/schema/: the API's OpenAPI description (src/openapi.js).
import { openapiDocument } from "../../../src/openapi";

export function GET() {
  return Response.json(openapiDocument());
}

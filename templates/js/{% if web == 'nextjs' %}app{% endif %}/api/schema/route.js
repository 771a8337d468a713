// GET /api/schema/: the API's OpenAPI description (src/openapi.js).
import { openapiDocument } from "../../../src/openapi.js";

export function GET() {
  return Response.json(openapiDocument());
}

import { openApiDocument } from "@/lib/api/openapi";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 document: public, like the API's documentation. */
export function GET() {
  return Response.json(openApiDocument(`${getConfig().appUrl}/api/v1`), { headers: { "Cache-Control": "public, max-age=300" } });
}

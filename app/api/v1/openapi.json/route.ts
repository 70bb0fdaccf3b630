import { openApiDocument } from "@/lib/api/openapi";

// Public on purpose: the document describes the API, it grants nothing.
export function GET(): Response {
  return Response.json(openApiDocument, { headers: { "cache-control": "public, max-age=300" } });
}

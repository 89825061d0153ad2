import { problemResponse } from "@/lib/api/problem";

/** Any other path under /api/v1: a problem a client can read, rather than an HTML page. */
function notFound(): Response {
  return problemResponse("not-found", "There is no such operation. GET /api/v1/openapi.json lists every one.");
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;

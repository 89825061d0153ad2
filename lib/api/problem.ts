/**
 * Errors of the partner API as `application/problem+json` (RFC 9457). `type` is stable and what
 * clients should branch on; `title` names the kind of problem and `detail` says what happened this
 * time. Validation problems list each field with what is wrong with it.
 */

export const PROBLEM_TYPES = {
  "unauthorized": { status: 401, title: "Authentication required" },
  "forbidden": { status: 403, title: "Not allowed" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "conflict": { status: 409, title: "Conflict" },
  "idempotency-key-in-use": { status: 409, title: "A request with this Idempotency-Key is still running" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "invalid-request": { status: 400, title: "The request is not valid" },
  "invalid-json": { status: 400, title: "The body is not valid JSON" },
  "validation-error": { status: 400, title: "The request has invalid fields" },
  "idempotency-key-reused": { status: 422, title: "This Idempotency-Key was used for a different request" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "internal-error": { status: 500, title: "Something went wrong on our side" },
  "unavailable": { status: 503, title: "Temporarily unavailable" },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** Where a field error sits in the request. */
export type FieldError = { in: "body" | "query" | "path" | "header"; field: string; detail: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
};

/** The URI of a problem type, as its `type` member carries it. */
export function problemUri(type: ProblemType): string {
  return `urn:rolegate:problem:${type}`;
}

/** A problem body. */
export function problemBody(type: ProblemType, detail: string, errors?: FieldError[]): Problem {
  const { status, title } = PROBLEM_TYPES[type];
  return { type: problemUri(type), title, status, detail, ...(errors && errors.length > 0 ? { errors } : {}) };
}

/** A problem response; `headers` adds to the API's usual ones. */
export function problemResponse(type: ProblemType, detail: string, options: { errors?: FieldError[]; headers?: HeadersInit } = {}): Response {
  const body = problemBody(type, detail, options.errors);
  const headers = new Headers(options.headers);
  headers.set("Content-Type", "application/problem+json");
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** A thrown refusal that the route wrapper turns into its problem response. */
export class ApiProblem extends Error {
  override name = "ApiProblem";
  constructor(
    readonly type: ProblemType,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers?: HeadersInit,
  ) {
    super(detail);
  }
}

import type { DalError } from "@/lib/dal/errors";
import { type ProblemType, problemResponse } from "./problem";

const TYPES: Record<DalError["code"], ProblemType> = {
  unauthenticated: "unauthorized",
  forbidden: "forbidden",
  not_found: "not-found",
  conflict: "conflict",
  expired: "conflict",
  invalid: "validation-error",
  rate_limited: "rate-limited",
};

/**
 * A refusal of the data-access layer as a problem: its message is written to be shown to the
 * caller. A field it names is a query parameter when `queryFields` has it, else a body field.
 */
export function fromDalError(error: DalError, queryFields: readonly string[] = []): Response {
  const type = TYPES[error.code];
  if (error.code === "rate_limited") {
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 60_000) / 1000));
    return problemResponse(type, error.message, { headers: { "Retry-After": String(seconds) } });
  }
  if (error.field) {
    const where = queryFields.includes(error.field) ? "query" : "body";
    return problemResponse(type, error.message, { errors: [{ in: where, field: error.field, detail: error.message }] });
  }
  return problemResponse(type, error.message);
}

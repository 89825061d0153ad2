/** Why the data-access layer refused a request; actions turn these into messages. */
export type DalErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "expired"
  | "invalid"
  | "rate_limited";

/** A refusal from the data-access layer, with a message safe to show to the caller. */
export class DalError extends Error {
  override name = "DalError";
  constructor(
    readonly code: DalErrorCode,
    message: string,
    /** The form field the refusal is about, when there is one. */
    readonly field?: string,
    /** For `rate_limited`: when the caller may try again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Whether an error is a DalError (optionally of one code). */
export function isDalError(error: unknown, code?: DalErrorCode): error is DalError {
  return error instanceof DalError && (code === undefined || error.code === code);
}

export const UNIQUE_VIOLATION = "23505";

/** The SQLSTATE of a database error from PGlite or postgres-js (drizzle may wrap it in `cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

// Errors that mean the database could not be reached or did not answer in time, as opposed to a
// query it refused: the request may well succeed a few seconds later, so callers answer 503.
const DRIVER_CODES = new Set([
  // postgres-js: the connection was lost, could not be opened, or its deadline passed.
  "CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED", "CONNECT_TIMEOUT", "QUERY_TIMEOUT",
  // The socket itself.
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  // PostgreSQL: shutting down or starting, too many connections, a lock or statement timeout.
  "57P01", "57P02", "57P03", "53300", "55P03", "57014",
]);

/** True when an error (or one it wraps, as drizzle's query errors do) says the database was unavailable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && DRIVER_CODES.has(code)) return true;
  }
  return false;
}

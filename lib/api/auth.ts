import "server-only";
import { type ApiCaller, authenticateApiKey } from "@/lib/dal/api-keys";
import { consumeRateLimit } from "@/lib/dal/rate-limit";
import { getConfig } from "@/lib/config";
import type { ApiKeyScope } from "@/lib/schemas/api-keys";
import { ApiProblem } from "./problem";

export type { ApiCaller };

const WINDOW_MS = 60_000;
const CHALLENGE = 'Bearer realm="rolegate"';

/**
 * The caller behind `Authorization: Bearer <key>`, counted against its key's rate limit, with the
 * `RateLimit-*` headers every answer to it carries. Refuses a missing, malformed, unknown or
 * revoked key (401), a key over its limit (429), and a `read` key on a `write` operation (403).
 */
export async function authenticate(request: Request, scope: ApiKeyScope): Promise<{ caller: ApiCaller; headers: Headers }> {
  const header = request.headers.get("authorization");
  if (!header) throw new ApiProblem("unauthorized", "Send an API key: `Authorization: Bearer rgk_…`. Admins create keys at /admin/api-keys.", undefined, { "WWW-Authenticate": CHALLENGE });
  const match = /^Bearer +(\S+) *$/i.exec(header);
  const caller = match ? await authenticateApiKey(match[1]!) : null;
  if (!caller) {
    throw new ApiProblem("unauthorized", "This API key is not valid: it is malformed, unknown or revoked.", undefined, { "WWW-Authenticate": `${CHALLENGE}, error="invalid_token"` });
  }
  const limit = getConfig().api.rateLimitPerMinute;
  const used = await consumeRateLimit(`api:${caller.viewer.apiKeyId}`, { limit, windowMs: WINDOW_MS });
  const reset = Math.max(1, Math.ceil(used.retryAfterMs / 1000));
  const headers = new Headers({
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(used.remaining),
    "RateLimit-Reset": String(reset),
    "RateLimit-Policy": `${limit};w=${WINDOW_MS / 1000}`,
  });
  if (!used.allowed) {
    throw new ApiProblem("rate-limited", `This key has made ${limit} requests in the last minute. Retry after ${reset} s.`, undefined, { ...Object.fromEntries(headers), "Retry-After": String(reset) });
  }
  if (scope === "write" && caller.scope !== "write") {
    throw new ApiProblem("forbidden", "This key is read-only. Use a key with the `write` scope for this operation.", undefined, Object.fromEntries(headers));
  }
  return { caller, headers };
}

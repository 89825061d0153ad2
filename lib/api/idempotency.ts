import "server-only";
import { createHash } from "node:crypto";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from "@/lib/dal/idempotency";
import type { ApiCaller } from "./auth";
import { openSecret, sealSecret } from "@/lib/security/secret-box";
import { ApiProblem } from "./problem";

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;
const PURPOSE = "idempotent-response";

/** A POST under an Idempotency-Key: the stored answer to replay, or how to settle this one once answered. */
export type IdempotencyRun = { replay?: Response; settle: (response: Response) => Promise<void> };

/**
 * Honours `Idempotency-Key` on a POST: the first request with a key runs and its answer is kept
 * for 24 hours; a retry with the same key and the same request gets that answer again (with
 * `Idempotent-Replayed: true`) and changes nothing; the same key with another request is refused
 * (422), as is a retry while the first is still running (409). A request that fails on our side
 * (5xx) keeps nothing, so its retry runs again.
 */
export async function claimIdempotency(request: Request, caller: ApiCaller, bodyText: string): Promise<IdempotencyRun | undefined> {
  const key = request.headers.get("idempotency-key");
  if (request.method !== "POST" || key === null) return undefined;
  if (!KEY_SHAPE.test(key)) {
    throw new ApiProblem("validation-error", "Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID.", [{ in: "header", field: "Idempotency-Key", detail: "1 to 255 printable ASCII characters." }]);
  }
  const apiKeyId = caller.viewer.apiKeyId;
  const fingerprint = createHash("sha256").update(`${request.method} ${new URL(request.url).pathname}\n${bodyText}`).digest("hex");
  const claim = await claimIdempotencyKey(apiKeyId, key, fingerprint);
  if (claim.state === "mismatch") throw new ApiProblem("idempotency-key-reused", "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
  if (claim.state === "running") throw new ApiProblem("idempotency-key-in-use", "A request with this Idempotency-Key is still running. Retry once it has finished.", undefined, { "Retry-After": "1" });
  const settle = async (response: Response) => {
    if (response.status >= 500) return releaseIdempotencyKey(apiKeyId, key);
    // Sealed: a first answer can carry what is never stored in the clear (a signing secret, an invite link).
    await completeIdempotencyKey(apiKeyId, key, response.status, sealSecret(await response.clone().text(), PURPOSE));
  };
  if (claim.state === "replay") {
    let body: string;
    try {
      body = openSecret(claim.body, PURPOSE);
    } catch {
      throw new ApiProblem("conflict", "The first answer to this request can no longer be read (the encryption key changed). Use a new Idempotency-Key.");
    }
    const headers = { "Content-Type": body === "" ? "text/plain" : claim.statusCode >= 400 ? "application/problem+json" : "application/json", "Idempotent-Replayed": "true", "Cache-Control": "no-store" };
    return { replay: new Response(claim.statusCode === 204 ? null : body, { status: claim.statusCode, headers }), settle };
  }
  return { settle };
}

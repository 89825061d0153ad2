import "server-only";
import { customerView, verifyConnection, type VerificationProgress, type VerificationResult } from "@/lib/aws/verify";
import { getConfig } from "@/lib/config";
import { enforceRateLimits, type RateLimit } from "@/lib/dal/rate-limit";
import { recordVerification, verificationTarget, type Trigger } from "@/lib/dal/verifications";
import type { Viewer } from "@/lib/dal/viewer";
import { logger } from "@/lib/log";
import { stsGateway } from "@/lib/runtime/aws";

const TEN_MINUTES = 10 * 60 * 1000;
/** Limits per caller, so the portal cannot be used to probe role ARNs at speed. */
export const VERIFY_LIMITS = {
  perUser: { limit: 10, windowMs: TEN_MINUTES },
  perOrganization: { limit: 30, windowMs: TEN_MINUTES },
  perAdmin: { limit: 120, windowMs: TEN_MINUTES },
} satisfies Record<string, RateLimit>;

/** No verification runs longer than this, propagation retries included. */
const DEADLINE_MS = 120_000;

/**
 * Verifies one connection for a viewer: authorises (own organisation, or admin), applies the
 * rate limits, runs the live checks, and records the outcome. The result a member receives has
 * the partner-side detail removed. Credentials never leave `verifyConnection`.
 */
export async function runVerification(
  viewer: Viewer,
  connectionId: string,
  options: { trigger: Trigger; onProgress?: (progress: VerificationProgress) => void; signal?: AbortSignal },
): Promise<VerificationResult> {
  const target = await verificationTarget(viewer, connectionId);
  await enforceRateLimits(
    viewer.role === "admin"
      ? [{ key: `verify:admin:${viewer.userId}`, limit: VERIFY_LIMITS.perAdmin, what: "You have run many verifications in a short time." }]
      : [
          { key: `verify:user:${viewer.userId}`, limit: VERIFY_LIMITS.perUser, what: "You have run many verifications in a short time." },
          { key: `verify:org:${target.organizationId}`, limit: VERIFY_LIMITS.perOrganization, what: "Your organisation has run many verifications in a short time." },
        ],
  );
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(DEADLINE_MS)]) : AbortSignal.timeout(DEADLINE_MS);
  const result = await verifyConnection({
    role: target.role,
    externalId: target.externalId,
    connectionId: target.connectionId,
    sts: await stsGateway(),
    retryPropagation: target.fresh,
    stsRegion: getConfig().aws.region,
    signal,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  await recordVerification({ target, trigger: options.trigger, actorUserId: viewer.userId, result });
  logger().info(
    { connectionId: target.connectionId, organizationId: target.organizationId, status: result.status, failure: result.failure?.code, durationMs: result.durationMs },
    "verification",
  );
  return viewer.role === "admin" ? result : customerView(result);
}

import "server-only";
import { customerView, verifyConnection, type VerificationProgress, type VerificationResult } from "@/lib/aws/verify";
import { getConfig } from "@/lib/config";
import { enforceRateLimits, type RateLimit } from "@/lib/dal/rate-limit";
import { recordStackUpdate, stackUpdateTarget } from "@/lib/dal/stack-update";
import { auditApiVerification, recordVerification, verificationTarget, type Trigger, type VerificationTarget } from "@/lib/dal/verifications";
import { actorOf, type Viewer } from "@/lib/dal/viewer";
import { logger } from "@/lib/log";
import { probeGateway, stsGateway } from "@/lib/runtime/aws";

const TEN_MINUTES = 10 * 60 * 1000;
/** Limits per caller, so the portal cannot be used to probe role ARNs at speed. */
export const VERIFY_LIMITS = {
  perUser: { limit: 10, windowMs: TEN_MINUTES },
  perOrganization: { limit: 30, windowMs: TEN_MINUTES },
  perAdmin: { limit: 120, windowMs: TEN_MINUTES },
} satisfies Record<string, RateLimit>;

/** No verification runs longer than this, propagation retries included. */
const DEADLINE_MS = 120_000;

export type VerifyOptions = {
  trigger: Trigger;
  actorUserId: string | null;
  actorApiKeyId?: string | null;
  onProgress?: (progress: VerificationProgress) => void;
  /** Called when the live checks are over, before the outcome is recorded. */
  onChecked?: () => void;
  signal?: AbortSignal;
  /**
   * Whether AccessDenied is retried while IAM propagates the role. Default: when the connection is
   * fresh. Onboarding decides: only when the customer launched the stack a short time ago or asked to wait.
   */
  waitForPropagation?: boolean;
};

/**
 * Runs the live checks for an already-authorised target and records the outcome (history row and
 * connection status, in one transaction). No authorisation or rate limit here: callers do that.
 * Credentials never leave `verifyConnection`.
 */
export async function verifyTarget(target: VerificationTarget, options: VerifyOptions): Promise<VerificationResult> {
  const result = await check(target, options);
  options.onChecked?.();
  await recordVerification({ target, trigger: options.trigger, actorUserId: options.actorUserId, actorApiKeyId: options.actorApiKeyId ?? null, result });
  logOutcome(target, options.trigger, result);
  return result;
}

/** The live checks alone, within the deadline; recording is the caller's. */
async function check(target: VerificationTarget, options: Pick<VerifyOptions, "onProgress" | "signal" | "waitForPropagation">): Promise<VerificationResult> {
  const deadline = AbortSignal.timeout(DEADLINE_MS);
  return verifyConnection({
    role: target.role,
    externalId: target.externalId,
    connectionId: target.connectionId,
    sts: await stsGateway(),
    probes: await probeGateway(),
    permissionSet: getConfig().aws.permissionSet,
    retryPropagation: options.waitForPropagation ?? target.fresh,
    stsRegion: getConfig().aws.region,
    signal: options.signal ? AbortSignal.any([options.signal, deadline]) : deadline,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

/**
 * The live checks of a scheduled health check, not recorded: the scheduler decides whether the
 * outcome is conclusive, and confirms a change of status, before anything is written.
 */
export function checkTarget(target: VerificationTarget, signal?: AbortSignal): Promise<VerificationResult> {
  return check(target, { waitForPropagation: false, ...(signal ? { signal } : {}) });
}

/** Logs a recorded outcome (no credentials: ids, status and failure code only). */
export function logOutcome(target: VerificationTarget, trigger: Trigger, result: VerificationResult, extra: Record<string, unknown> = {}): void {
  logger().info(
    { connectionId: target.connectionId, organizationId: target.organizationId, trigger, status: result.status, failure: result.failure?.code, durationMs: result.durationMs, ...extra },
    "verification",
  );
}

/** The per-caller limits: one budget per admin and per API key (an admin's); per member and per organisation for customers. */
async function enforceVerifyLimits(viewer: Viewer, organizationId: string): Promise<void> {
  const admin = viewer.apiKeyId ? `verify:api-key:${viewer.apiKeyId}` : `verify:admin:${viewer.userId}`;
  await enforceRateLimits(
    viewer.role === "admin"
      ? [{ key: admin, limit: VERIFY_LIMITS.perAdmin, what: "You have run many verifications in a short time." }]
      : [
          { key: `verify:user:${viewer.userId}`, limit: VERIFY_LIMITS.perUser, what: "You have run many verifications in a short time." },
          { key: `verify:org:${organizationId}`, limit: VERIFY_LIMITS.perOrganization, what: "Your organisation has run many verifications in a short time." },
        ],
  );
}

/**
 * Verifies one connection for a viewer: authorises (own organisation, or admin), applies the
 * rate limits, then verifies and records. A member receives the result without partner-side detail.
 */
export async function runVerification(
  viewer: Viewer,
  connectionId: string,
  options: Omit<VerifyOptions, "actorUserId" | "actorApiKeyId">,
): Promise<VerificationResult> {
  const target = await verificationTarget(viewer, connectionId);
  await enforceVerifyLimits(viewer, target.organizationId);
  const result = await verifyTarget(target, { ...options, ...actorOf(viewer) });
  await auditApiVerification(viewer, target, result.status);
  return viewer.role === "admin" ? result : customerView(result);
}

/**
 * "I've updated the stack": verifies a connection with its organisation's current External ID and,
 * only if that verifies, switches the connection to it. Same authorisation and limits as a re-verify.
 */
export async function runStackUpdate(viewer: Viewer, connectionId: string): Promise<{ result: VerificationResult; switched: boolean }> {
  const target = await stackUpdateTarget(viewer, connectionId);
  await enforceVerifyLimits(viewer, target.organizationId);
  const result = await check(target, {});
  const { switched } = await recordStackUpdate({ target, ...actorOf(viewer), result });
  logOutcome(target, "manual", result, { externalIdSwitched: switched });
  return { result: viewer.role === "admin" ? result : customerView(result), switched };
}

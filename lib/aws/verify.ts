import { parseRoleArn, type RoleArn } from "./arn";
import { isExternalId } from "./external-id";
import { CHECK_IDS } from "./checks";
import { type Explanation, explain } from "./explain";
import { getPermissionSet, type PermissionSetId } from "./permission-sets";
import type { ProbeGateway } from "./probe-port";
import { PERMISSION_PROBES } from "./probes";
import { type Clock, type RetryPolicy, systemClock } from "./retry";
import type { StsGateway } from "./sts-port";
import { assumeAndIdentify } from "./verify-assume";
import { type CheckContext, NOT_RUN_NOT_ASSUMED, NOT_RUN_NOT_IDENTIFIED, NOT_RUN_STOPPED } from "./verify-checks";
import { deniedCheck, wrongExternalId } from "./verify-denied";
import { permissionCheck } from "./verify-permissions";
import { CheckRecorder, type VerificationCheck, type VerificationProgress } from "./verify-progress";

export type { CheckId } from "./checks";
export { roleSessionName, SESSION_DURATION_SECONDS } from "./verify-checks";
export type { CheckInProgress, CheckState, VerificationCheck, VerificationProgress } from "./verify-progress";

/** What to verify, and with what. `sleep`, `now` and `random` are injectable for tests. */
export interface VerifyInput {
  role: RoleArn;
  externalId: string;
  /** Goes into the `RoleSessionName`, so the customer's CloudTrail says who checked and why. */
  connectionId: string;
  sts: StsGateway;
  /** The permission probe's calls (S3) as the role session. */
  probes: ProbeGateway;
  /** The access the role must grant; its probe is the permission check. */
  permissionSet: PermissionSetId;
  /** A just-created role: keep retrying AccessDenied while IAM propagates it. */
  retryPropagation: boolean;
  /** How long to keep retrying AccessDenied when `retryPropagation` is set. Default 60 s. */
  propagationWindowMs?: number;
  /** The STS region in use, named in explanations. */
  stsRegion?: string;
  signal?: AbortSignal;
  onProgress?: (progress: VerificationProgress) => void;
  sleep?: Clock["sleep"];
  now?: Clock["now"];
  random?: Clock["random"];
}

/** How a verification ended. `insecure`: the role can be assumed without the right External ID. */
export type VerificationStatus = "verified" | "failed" | "insecure";

/** The outcome of a verification: plain JSON data, with no credentials in it. */
export interface VerificationResult {
  status: VerificationStatus;
  checks: VerificationCheck[];
  failure?: Explanation;
  accountId: string;
  roleArn: string;
  startedAt: string;
  durationMs: number;
}

/** The default time a fresh role gets to become usable. */
export const DEFAULT_PROPAGATION_WINDOW_MS = 60_000;
const TRANSIENT_RETRIES = 2;
const TRANSIENT_BACKOFF = { baseMs: 500, capMs: 4_000 };
const PROPAGATION_BACKOFF = { baseMs: 1_000, capMs: 10_000 };

/**
 * Verifies a connection live: AssumeRole with the External ID, GetCallerIdentity
 * as the role, then AssumeRole without and with a wrong External ID, which must
 * both be denied, and last the permission probe as the role (one read-only call
 * the permission set must allow). Never throws for anything AWS or the network
 * does; the temporary credentials stay inside this module's local scopes.
 */
export async function verifyConnection(input: VerifyInput): Promise<VerificationResult> {
  const parsed = parseRoleArn(input.role.arn);
  const { role } = input;
  if (!parsed.ok || (["arn", "partition", "accountId", "path", "name"] as const).some((k) => parsed.role[k] !== role[k])) {
    throw new RangeError("role must be the result of parseRoleArn");
  }
  if (!isExternalId(input.externalId)) throw new RangeError("externalId is not a valid External ID");
  if (!input.connectionId) throw new RangeError("connectionId is required");
  const permissionSet = getPermissionSet(input.permissionSet);
  if (!permissionSet) throw new RangeError("permissionSet is not a built-in permission set");

  const clock: Clock = {
    now: input.now ?? systemClock.now,
    sleep: input.sleep ?? systemClock.sleep,
    random: input.random ?? systemClock.random,
  };
  const startedMs = clock.now();
  const transient: RetryPolicy = { transientRetries: TRANSIENT_RETRIES, transientBackoff: TRANSIENT_BACKOFF };
  const windowMs = input.propagationWindowMs ?? DEFAULT_PROPAGATION_WINDOW_MS;
  const ctx: CheckContext = {
    role,
    externalId: input.externalId,
    connectionId: input.connectionId,
    sts: input.sts,
    probes: input.probes,
    probe: PERMISSION_PROBES[input.permissionSet],
    permissionSet,
    ...(input.stsRegion !== undefined && { stsRegion: input.stsRegion }),
    ...(input.signal !== undefined && { signal: input.signal }),
    clock,
    recorder: new CheckRecorder(clock, input.onProgress),
    outcomes: [],
    transient,
    assumePolicy: input.retryPropagation ? { ...transient, propagation: { windowMs, backoff: PROPAGATION_BACKOFF } } : transient,
    ...(input.retryPropagation && { propagationEndsAt: startedMs + windowMs }),
  };

  const session = await assumeAndIdentify(ctx);
  for (const [id, externalId] of [
    ["no-external-id-denied", undefined],
    ["wrong-external-id-denied", wrongExternalId(input.externalId)],
  ] as const) {
    if (input.signal?.aborted) ctx.recorder.skip(id, NOT_RUN_STOPPED);
    else if (!session.assumed) ctx.recorder.skip(id, NOT_RUN_NOT_ASSUMED);
    else await deniedCheck(ctx, id, externalId);
  }
  if (input.signal?.aborted) ctx.recorder.skip("permissions", NOT_RUN_STOPPED);
  else if (!session.assumed) ctx.recorder.skip("permissions", NOT_RUN_NOT_ASSUMED);
  else if (!session.probes) ctx.recorder.skip("permissions", NOT_RUN_NOT_IDENTIFIED);
  else await permissionCheck(ctx, session.probes);

  const { checks } = ctx.recorder;
  const insecure =
    ctx.outcomes.find((o) => o.kind === "insecure" && o.accepted === "no-external-id") ??
    ctx.outcomes.find((o) => o.kind === "insecure");
  // A definite finding about the role says more than a check that could not finish.
  let outcome = insecure ?? ctx.outcomes.find((o) => o.kind === "missing-permissions") ?? ctx.outcomes[0];
  // Verified means every check ran and passed; anything else is a failure even without a recorded cause.
  if (!outcome && !(checks.length === CHECK_IDS.length && checks.every((c) => c.state === "passed"))) {
    outcome = { kind: "sts-error", check: "assume-role", error: { kind: "unknown" } };
  }
  return {
    status: insecure ? "insecure" : outcome ? "failed" : "verified",
    checks,
    ...(outcome && { failure: explain(outcome) }),
    accountId: input.role.accountId,
    roleArn: input.role.arn,
    startedAt: new Date(startedMs).toISOString(),
    durationMs: Math.max(0, clock.now() - startedMs),
  };
}


/** The result as a customer may see it: `failure.adminDetail` (partner-side detail) removed. */
export function customerView(result: VerificationResult): VerificationResult {
  if (result.failure?.adminDetail === undefined) return result;
  const { adminDetail: _adminOnly, ...failure } = result.failure;
  return { ...result, failure };
}

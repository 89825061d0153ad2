import type { RoleArn } from "./arn";
import { explain, type VerificationOutcome } from "./explain";
import type { PermissionSet } from "./permission-sets";
import type { ProbeGateway } from "./probe-port";
import type { PermissionProbe } from "./probes";
import { type CallOutcome, type Clock, callWithRetry, type RetryPolicy } from "./retry";
import type { StsGateway } from "./sts-port";
import type { CheckRecorder, RunningCheck } from "./verify-progress";

/** What the checks of a verification share: their context, session names, and how a call is made and a failure recorded. */

/** The session length asked for: the shortest STS allows. */
export const SESSION_DURATION_SECONDS = 900;

/** Why a check was skipped: the verification was aborted. */
export const NOT_RUN_STOPPED = "Not run: the verification was stopped.";
/** Why a check was skipped: there was no role session to check with. */
export const NOT_RUN_NOT_ASSUMED = "Not run: Rolegate could not assume the role.";
/** Why the permission check was skipped: AWS did not confirm the session is the role's. */
export const NOT_RUN_NOT_IDENTIFIED = "Not run: AWS did not confirm the role's identity.";

/** What the checks share during one verification. */
export interface CheckContext {
  role: RoleArn;
  externalId: string;
  connectionId: string;
  sts: StsGateway;
  /** The permission probe's calls as the role session, and what it checks. */
  probes: ProbeGateway;
  probe: PermissionProbe;
  permissionSet: PermissionSet;
  stsRegion?: string;
  signal?: AbortSignal;
  clock: Clock;
  recorder: CheckRecorder;
  /** Every reason not to accept the role, in the order found. */
  outcomes: VerificationOutcome[];
  transient: RetryPolicy;
  /** The policy for the positive AssumeRole (with a propagation window on fresh connections). */
  assumePolicy: RetryPolicy;
  /** On fresh connections: when (clock ms) the propagation window that began with the verification closes. */
  propagationEndsAt?: number;
}

/** A `RoleSessionName` (`[\w+=,.@-]`, at most 64) naming Rolegate, the purpose and the connection. */
export function roleSessionName(connectionId: string, purpose: "verify" | "deny-check"): string {
  return `rolegate-${purpose}-${connectionId.replace(/[^\w+=,.@-]/g, "-")}`.slice(0, 64);
}

/** One AWS call (STS, or the probe's) with retries, its waits reported as progress of `run`. */
export function call<T>(ctx: CheckContext, run: RunningCheck, policy: RetryPolicy, fn: (signal?: AbortSignal) => Promise<T>) {
  return callWithRetry(fn, {
    policy,
    clock: ctx.clock,
    signal: ctx.signal,
    onRetry: (notice) => ctx.recorder.waiting(run, notice),
  });
}

/** Records a failed call as the check's result and as a reason not to accept the role. */
export function fail(
  ctx: CheckContext,
  run: RunningCheck,
  result: Extract<CallOutcome<unknown>, { ok: false }>,
  extra: { propagationRetried?: boolean } = {},
) {
  const outcome: VerificationOutcome = {
    kind: "sts-error",
    check: run.id,
    error: result.error,
    ...(ctx.stsRegion !== undefined && { stsRegion: ctx.stsRegion }),
    ...extra,
  };
  ctx.outcomes.push(outcome);
  ctx.recorder.finish(run, "failed", {
    attempts: result.attempts,
    awsCode: result.error.code,
    requestId: result.error.requestId,
    message: explain(outcome).title,
  });
}

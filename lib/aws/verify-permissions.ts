import type { VerificationOutcome } from "./explain";
import { missingPermissionsMessage } from "./explain-texts";
import type { ProbePort } from "./probe-port";
import type { RetryPolicy } from "./retry";
import { call, type CheckContext, fail } from "./verify-checks";

/**
 * The permission check: one read-only call, as the role session, that the
 * permission set must allow. Denied means the role can be assumed but no longer
 * grants the partner's access ("missing permissions"); throttling, timeouts and
 * network errors are retried and, if they persist, fail the verification as the
 * same faults of an STS call do, without blaming the role.
 */
export async function permissionCheck(ctx: CheckContext, session: ProbePort): Promise<void> {
  const { recorder, probe } = ctx;
  const run = recorder.start("permissions");
  const result = await call(ctx, run, probePolicy(ctx), (signal) => probe.call(session, signal));
  if (result.ok) {
    recorder.finish(run, "passed", {
      attempts: result.attempts,
      requestId: result.value.requestId,
      message: `AWS allowed ${probe.api} as the role.`,
    });
    return;
  }
  if (result.error.kind !== "access-denied") return fail(ctx, run, result);
  const outcome: VerificationOutcome = {
    kind: "missing-permissions",
    api: probe.api,
    iamAction: probe.iamAction,
    permissionSet: { title: ctx.permissionSet.title, managedPolicies: [...ctx.permissionSet.managedPolicies] },
    ...(result.error.code && { awsCode: result.error.code }),
    ...(result.error.requestId && { requestId: result.error.requestId }),
    ...(result.error.detail && { awsDetail: result.error.detail }),
  };
  ctx.outcomes.push(outcome);
  recorder.finish(run, "failed", {
    attempts: result.attempts,
    awsCode: result.error.code,
    requestId: result.error.requestId,
    message: missingPermissionsMessage(probe.api),
  });
}

/**
 * Transient retries always; on a fresh connection also AccessDenied, for what is left of the
 * window the verification began with (IAM makes a new role's policies usable a little later too).
 */
function probePolicy(ctx: CheckContext): RetryPolicy {
  const backoff = ctx.assumePolicy.propagation?.backoff;
  const left = ctx.propagationEndsAt === undefined ? 0 : ctx.propagationEndsAt - ctx.clock.now();
  return backoff && left > 0 ? { ...ctx.transient, propagation: { windowMs: left, backoff } } : ctx.transient;
}

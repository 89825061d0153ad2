import { parseAssumedRoleArn } from "./arn";
import { explain, type VerificationOutcome } from "./explain";
import type { ProbePort } from "./probe-port";
import { redactSecrets } from "./redact";
import {
  call,
  type CheckContext,
  fail,
  NOT_RUN_NOT_ASSUMED,
  NOT_RUN_STOPPED,
  roleSessionName,
  SESSION_DURATION_SECONDS,
} from "./verify-checks";

/**
 * The positive checks: AssumeRole with the External ID, then GetCallerIdentity
 * as the role. The temporary credentials exist only in this function's scope
 * (and the short-lived clients made from them) and are never returned.
 */

/** How the positive checks ended: whether the role was assumed, and the probe calls as its session once AWS confirmed it. */
export interface RoleSession {
  assumed: boolean;
  /** Set only when GetCallerIdentity confirmed the role; holds the credentials inside its client. */
  probes?: ProbePort;
}

/** Runs the positive checks. */
export async function assumeAndIdentify(ctx: CheckContext): Promise<RoleSession> {
  const { recorder } = ctx;
  const sessionName = roleSessionName(ctx.connectionId, "verify");
  const assumeRun = recorder.start("assume-role");
  const assumed = await call(ctx, assumeRun, ctx.assumePolicy, (signal) =>
    ctx.sts.partner.assumeRole(
      {
        roleArn: ctx.role.arn,
        roleSessionName: sessionName,
        externalId: ctx.externalId,
        durationSeconds: SESSION_DURATION_SECONDS,
      },
      signal,
    ),
  );
  if (!assumed.ok) {
    fail(ctx, assumeRun, assumed, { propagationRetried: assumed.propagationRetried });
    recorder.skip("caller-identity", ctx.signal?.aborted ? NOT_RUN_STOPPED : NOT_RUN_NOT_ASSUMED);
    return { assumed: false };
  }
  recorder.finish(assumeRun, "passed", {
    attempts: assumed.attempts,
    requestId: assumed.value.requestId,
    message:
      assumed.attempts > 1
        ? `Rolegate assumed the role with your External ID (attempt ${assumed.attempts}).`
        : "Rolegate assumed the role with your External ID.",
  });

  const asRole = ctx.sts.withCredentials(assumed.value.credentials);
  const identityRun = recorder.start("caller-identity");
  const identity = await call(ctx, identityRun, ctx.transient, (signal) => asRole.getCallerIdentity(signal));
  if (!identity.ok) {
    fail(ctx, identityRun, identity);
    return { assumed: true };
  }
  const { account, arn, requestId } = identity.value;
  const { role } = ctx;
  const session = parseAssumedRoleArn(arn);
  const matches =
    session !== undefined &&
    account === role.accountId &&
    session.partition === role.partition &&
    session.accountId === role.accountId &&
    // IAM role names are unique regardless of case, and the session ARN spells the name as IAM stores it.
    session.roleName.toLowerCase() === role.name.toLowerCase() &&
    session.sessionName === sessionName;
  if (!matches) {
    const outcome: VerificationOutcome = {
      kind: "identity-mismatch",
      expectedAccountId: role.accountId,
      expectedRoleName: role.name,
      // Shown to admins; whatever an endpoint answers, nothing secret-shaped is kept.
      actualArn: redactSecrets(arn).slice(0, 300),
      ...(requestId && { requestId }),
    };
    ctx.outcomes.push(outcome);
    recorder.finish(identityRun, "failed", {
      attempts: identity.attempts,
      requestId,
      message: explain(outcome).title,
    });
    return { assumed: true };
  }
  recorder.finish(identityRun, "passed", {
    attempts: identity.attempts,
    requestId,
    message: `AWS confirmed role ${session.roleName} in account ${account}.`,
  });
  return { assumed: true, probes: ctx.probes.withCredentials(assumed.value.credentials) };
}


import { generateExternalId } from "./external-id";
import { explain, type VerificationOutcome } from "./explain";
import { call, type CheckContext, fail, roleSessionName, SESSION_DURATION_SECONDS } from "./verify-checks";

/**
 * The negative checks AWS asks partners to make: AssumeRole without the
 * External ID, and with a wrong one, must both be denied.
 */

/** A negative check: the call must be denied. Any credentials it yields are discarded before they leave the call. */
export async function deniedCheck(
  ctx: CheckContext,
  id: "no-external-id-denied" | "wrong-external-id-denied",
  externalId: string | undefined,
): Promise<void> {
  const { recorder } = ctx;
  const run = recorder.start(id);
  const request = {
    roleArn: ctx.role.arn,
    roleSessionName: roleSessionName(ctx.connectionId, "deny-check"),
    durationSeconds: SESSION_DURATION_SECONDS,
    ...(externalId !== undefined && { externalId }),
  };
  const result = await call(ctx, run, ctx.transient, (signal) =>
    ctx.sts.partner.assumeRole(request, signal).then(({ requestId }) => ({ requestId })),
  );
  if (result.ok) {
    const outcome: VerificationOutcome = {
      kind: "insecure",
      accepted: externalId === undefined ? "no-external-id" : "wrong-external-id",
      ...(result.value.requestId && { requestId: result.value.requestId }),
    };
    ctx.outcomes.push(outcome);
    recorder.finish(run, "failed", {
      attempts: result.attempts,
      requestId: result.value.requestId,
      message: explain(outcome).detail,
    });
  } else if (result.error.kind === "access-denied") {
    recorder.finish(run, "passed", {
      attempts: result.attempts,
      awsCode: result.error.code,
      requestId: result.error.requestId,
      message:
        externalId === undefined
          ? "AWS refused access without the External ID, as it should."
          : "AWS refused access with a wrong External ID, as it should.",
    });
  } else {
    fail(ctx, run, result);
  }
}

/** A fresh External ID that is certainly not the customer's. */
export function wrongExternalId(real: string): string {
  let wrong = generateExternalId();
  while (wrong === real) wrong = generateExternalId();
  return wrong;
}

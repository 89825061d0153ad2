import { apiHandler } from "@/lib/api/handler";
import { verifyConnection } from "@/lib/api/operations";
import { connectionRecord } from "@/lib/dal/records";
import { runVerification } from "@/lib/verification/run";

export const POST = apiHandler(verifyConnection, async ({ caller, params }) => {
  const result = await runVerification(caller.viewer, params.id, { trigger: "api" });
  const { status, startedAt, durationMs, checks, failure } = result;
  const verification = {
    status,
    startedAt,
    durationMs: Math.round(durationMs),
    checks,
    failure: failure
      ? {
          code: failure.code,
          title: failure.title,
          detail: failure.detail,
          causes: failure.causes,
          nextStep: failure.nextStep,
          ...(failure.awsCode ? { awsCode: failure.awsCode } : {}),
          ...(failure.requestId ? { requestId: failure.requestId } : {}),
        }
      : null,
  };
  return { body: { verification, connection: await connectionRecord(caller.viewer, params.id) } };
});

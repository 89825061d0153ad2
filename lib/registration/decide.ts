import "server-only";
import { parseRoleArn } from "@/lib/aws/arn";
import type { VerificationResult } from "@/lib/aws/verify";
import { type ClaimedRequest, type CustomResourceResponse, stackRegisteredConnection } from "@/lib/dal/registration-queue";
import { linkDeployment } from "@/lib/dal/deployments";
import { registrationTokenById } from "@/lib/dal/registration-tokens";
import {
  addVerifiedConnection,
  connectionForRole,
  currentExternalId,
  disconnectRegisteredConnection,
  recordRegistrationStackUpdate,
  recordRegistrationVerification,
  registeredConnection,
  registrationStackUpdateTarget,
  registrationTarget,
} from "@/lib/dal/registrations";
import type { RegistrationCheck } from "./check";

/** What to do with a request: answer it (SUCCESS or FAILED), or try again later (AWS or Rolegate could not decide). */
export type Decision = { kind: "answer"; response: CustomResourceResponse; connectionId: string | null } | { kind: "retry"; error: string };

export const REASONS = {
  invalidLink: "This launch link is no longer valid; open the onboarding page again and launch the stack from there.",
  externalId:
    "The ExternalId parameter is not your organisation's current External ID; open the onboarding page again and launch the stack from there, so that it carries the current one.",
  roleArn: "The RoleArn property is not an IAM role ARN; use the template from the onboarding page unchanged.",
  connected: "Connected to Rolegate: the role was verified.",
  deleted: "Disconnected from Rolegate.",
  nothingToDelete: "Nothing to remove in Rolegate.",
} as const;

const MAX_REASON = 1000;

/** A verification that AWS or the partner side could not finish (throttling, outage, network): not the customer's to fix. */
function inconclusive(result: VerificationResult): boolean {
  return result.status === "failed" && result.failure !== undefined && result.failure.side !== "customer";
}

function failureReason(result: VerificationResult): string {
  const failure = result.failure;
  if (!failure) return "The role could not be verified.";
  // The stack's status reason is all the customer sees there: what happened, then the usual causes.
  const reason = [`${failure.title}.`, failure.detail, ...failure.causes].join(" ");
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
}

function answer(request: ClaimedRequest, status: "SUCCESS" | "FAILED", reason: string, physicalId: string, connectionId: string | null = null): Decision {
  const response: CustomResourceResponse = {
    Status: status,
    Reason: reason,
    PhysicalResourceId: physicalId,
    StackId: request.stackId,
    RequestId: request.requestId,
    LogicalResourceId: request.logicalResourceId,
    ...(connectionId && status === "SUCCESS" ? { Data: { ConnectionId: connectionId } } : {}),
  };
  return { kind: "answer", response, connectionId: status === "SUCCESS" ? connectionId : null };
}

/** The physical id of a resource that registered nothing: Delete of it changes nothing. */
const nothingRegistered = (request: ClaimedRequest) => request.physicalResourceId ?? `rolegate-not-registered-${request.id}`;

/**
 * Decides a claimed request. Create and Update register (or re-verify) the role for the token's
 * organisation; Delete disconnects what this stack registered and always succeeds, so a customer's
 * stack is never stuck. `giveUp` turns a check that could not finish into a FAILED answer.
 */
export async function decide(request: ClaimedRequest, check: RegistrationCheck, giveUp: boolean): Promise<Decision> {
  return request.requestType === "Delete" ? decideDelete(request) : decideRegister(request, check, giveUp);
}

async function decideDelete(request: ClaimedRequest): Promise<Decision> {
  const physicalId = request.physicalResourceId ?? "";
  // A revoked token still names its organisation: deleting a stack launched before a revoke must still clean up.
  const token = request.tokenId ? await registrationTokenById(request.tokenId) : null;
  const connection = token ? await registeredConnection(token.organizationId, physicalId) : null;
  if (!token || !connection || connection.status === "disconnected" || !(await stackRegisteredConnection(request.stackId, connection.id))) {
    return answer(request, "SUCCESS", REASONS.nothingToDelete, physicalId || nothingRegistered(request));
  }
  await disconnectRegisteredConnection(token.organizationId, connection.id);
  return answer(request, "SUCCESS", REASONS.deleted, physicalId);
}

async function decideRegister(request: ClaimedRequest, check: RegistrationCheck, giveUp: boolean): Promise<Decision> {
  const failed = (reason: string) => answer(request, "FAILED", reason, nothingRegistered(request));
  const token = request.tokenId ? await registrationTokenById(request.tokenId) : null;
  if (!token?.live) return failed(REASONS.invalidLink);
  const props = request.properties;
  const externalId = await currentExternalId(token.organizationId);
  if (externalId === null) return failed(REASONS.invalidLink);
  if (props.ExternalId !== externalId) return failed(REASONS.externalId);
  const parsed = parseRoleArn(props.RoleArn);
  if (!parsed.ok) return failed(REASONS.roleArn);
  const { role } = parsed;
  const accountId = typeof props.AccountId === "string" ? props.AccountId : "";
  const stackAccount = request.stackId.split(":")[4];
  if (role.accountId !== accountId || (stackAccount !== undefined && stackAccount !== accountId)) {
    return failed(`The role ${role.arn} is not in the account the stack runs in (${accountId || stackAccount || "unknown"}); use the template from the onboarding page unchanged.`);
  }

  const existing = await connectionForRole(token.organizationId, role.arn);
  if (existing && existing.status !== "disconnected") {
    // Known already (pasted, or registered by an earlier stack): verify it as a re-verify would.
    // After a rotation the stack carries the organisation's new External ID: verified, the connection moves to it.
    const update = existing.externalId !== externalId ? await registrationStackUpdateTarget(token.organizationId, existing.id) : null;
    const target = update ?? (await registrationTarget(token.organizationId, existing.id));
    const result = await check({ role: target.role, externalId: target.externalId, sessionId: existing.id, fresh: target.fresh || request.requestType === "Create" });
    if (inconclusive(result) && !giveUp) return { kind: "retry", error: `verification inconclusive: ${result.failure?.code ?? "unknown"}` };
    if (update) await recordRegistrationStackUpdate(update, result);
    else await recordRegistrationVerification(target, result);
    await linkDeployment(token.organizationId, existing.id, props.DeploymentId);
    return result.status === "verified" ? answer(request, "SUCCESS", REASONS.connected, existing.id, existing.id) : failed(failureReason(result));
  }

  // New: verified before anything is stored, so a registration that fails leaves no connection.
  const result = await check({ role, externalId, sessionId: request.id, fresh: true });
  if (inconclusive(result) && !giveUp) return { kind: "retry", error: `verification inconclusive: ${result.failure?.code ?? "unknown"}` };
  if (result.status !== "verified") return failed(failureReason(result));
  const connectionId = await addVerifiedConnection(token.organizationId, role, externalId, result);
  await linkDeployment(token.organizationId, connectionId, props.DeploymentId);
  return answer(request, "SUCCESS", REASONS.connected, connectionId, connectionId);
}

import { assumedRoleArn, parseArn } from "../arn";
import type { FaultSet } from "../faults";
import { PolicyError, parseTrustPolicy } from "../policy/parse";
import { evaluateTrust } from "../policy/evaluate";
import type { SandboxStore } from "../state/store";
import type { Caller } from "./authenticate";
import { stsError } from "./errors";
import { mintSession } from "./session";
import { validateAssumeRole } from "./validate";
import { xmlFields } from "./xml";

export interface StsDeps {
  store: SandboxStore;
  faults: FaultSet;
  now: () => number;
}

const ROLE_CHAINING_LIMIT = 3600;

/**
 * AssumeRole: validate, find the role, evaluate its trust policy, issue
 * temporary credentials. A missing role is denied with the same message as a
 * refusing trust policy, as AWS does, so callers cannot probe which roles exist.
 */
export function assumeRole(deps: StsDeps, caller: Caller, params: URLSearchParams): string {
  validateAssumeRole(params);
  const roleArnParam = params.get("RoleArn") ?? "";
  const sessionName = params.get("RoleSessionName") ?? "";
  const externalId = params.get("ExternalId");
  const duration = Number(params.get("DurationSeconds") ?? 3600);
  if (!parseArn(roleArnParam)) throw stsError.validation("Request ARN is invalid");

  const now = deps.now();
  const denied = stsError.accessDenied(caller.arn, roleArnParam);
  const role = deps.store.findRoleByArn(roleArnParam);
  if (!role || deps.faults.hidesNewRole(Date.parse(role.createdAt), now)) throw denied;
  let policy;
  try {
    policy = parseTrustPolicy(role.trustPolicy);
  } catch (err) {
    if (err instanceof PolicyError) throw denied;
    throw err;
  }
  const context: Record<string, string> = {
    "aws:principalarn": caller.principalArn,
    "aws:principalaccount": caller.accountId,
    "aws:principaltype": caller.type,
    "aws:userid": caller.userId,
    "aws:requestedregion": caller.region,
    "sts:rolesessionname": sessionName,
  };
  if (caller.type === "User") context["aws:username"] = caller.arn.slice(caller.arn.lastIndexOf("/") + 1);
  if (externalId !== null) context["sts:externalid"] = externalId;
  const decision = evaluateTrust(policy, {
    caller: { partition: caller.partition, accountId: caller.accountId, arn: caller.arn, ...(caller.roleArn ? { roleArn: caller.roleArn } : {}) },
    resourcePartition: role.partition,
    action: "sts:AssumeRole",
    context,
  });
  if (decision.effect !== "allow") throw denied;

  const chained = caller.type === "AssumedRole";
  if (chained && duration > ROLE_CHAINING_LIMIT) {
    throw stsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  if (duration > role.maxSessionDuration) {
    throw stsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }
  const credentials = mintSession(deps.store.sessionKey, {
    partition: role.partition,
    accountId: role.accountId,
    roleArn: role.arn,
    roleName: role.roleName,
    roleId: role.roleId,
    sessionName,
    expiresAt: now + duration * 1000,
    chained,
  });
  return (
    `<Credentials>${xmlFields([
      ["AccessKeyId", credentials.accessKeyId],
      ["SecretAccessKey", credentials.secretAccessKey],
      ["SessionToken", credentials.sessionToken],
      ["Expiration", credentials.expiration.toISOString()],
    ])}</Credentials>` +
    `<AssumedRoleUser>${xmlFields([
      ["AssumedRoleId", `${role.roleId}:${sessionName}`],
      ["Arn", assumedRoleArn(role.partition, role.accountId, role.roleName, sessionName)],
    ])}</AssumedRoleUser>`
  );
}

/** GetCallerIdentity: who signed the request. */
export function getCallerIdentity(caller: Caller): string {
  return xmlFields([
    ["Arn", caller.arn],
    ["UserId", caller.userId],
    ["Account", caller.accountId],
  ]);
}

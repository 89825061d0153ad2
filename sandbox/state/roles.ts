import { roleArn } from "../arn";
import { newUniqueId } from "../ids";
import { parseTrustPolicy } from "../policy/parse";
import type { RoleRecord } from "./schema";

export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** IAM's path rule: `/` or `/segments/` of printable ASCII, at most 512 characters. */
export const ROLE_PATH_PATTERN = /^(\/|\/[\u0021-\u007E]+\/)$/;

export interface NewRole {
  partition: string;
  accountId: string;
  roleName: string;
  path?: string;
  trustPolicy: unknown;
  maxSessionDuration?: number;
  description?: string;
  managedPolicyArns?: string[];
  inlinePolicyNames?: string[];
  tags?: { Key: string; Value: string }[];
  stackId?: string;
}

/**
 * Builds a role record as CreateRole would, refusing a trust policy IAM would
 * refuse (PolicyError). The trust policy is stored as given (parsed to JSON).
 */
export function buildRole(input: NewRole, now: Date): RoleRecord {
  const trustPolicy = typeof input.trustPolicy === "string" ? safeJson(input.trustPolicy) : input.trustPolicy;
  parseTrustPolicy(trustPolicy);
  const path = input.path ?? "/";
  return {
    arn: roleArn(input.partition, input.accountId, path, input.roleName),
    partition: input.partition,
    accountId: input.accountId,
    roleName: input.roleName,
    path,
    roleId: newUniqueId("AROA"),
    trustPolicy,
    maxSessionDuration: input.maxSessionDuration ?? 3600,
    ...(input.description !== undefined ? { description: input.description } : {}),
    managedPolicyArns: input.managedPolicyArns ?? [],
    inlinePolicyNames: input.inlinePolicyNames ?? [],
    tags: input.tags ?? [],
    createdAt: now.toISOString(),
    ...(input.stackId !== undefined ? { stackId: input.stackId } : {}),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Left as text: parseTrustPolicy reports it as IAM's "Syntax errors in policy."
    return text;
  }
}

import { roleArn } from "../arn";
import { newUniqueId } from "../ids";
import { parseIdentityPolicy, parseTrustPolicy, PolicyError } from "../policy/parse";
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
  /** Inline identity policies by name (objects or JSON text). */
  inlinePolicies?: Record<string, unknown>;
  tags?: { Key: string; Value: string }[];
  stackId?: string;
}

/**
 * Builds a role record as CreateRole (and PutRolePolicy) would, refusing a trust
 * or inline policy IAM would refuse (PolicyError). Policies are stored as given (parsed to JSON).
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
    ...rolePolicies(input.managedPolicyArns ?? [], input.inlinePolicies ?? {}),
    tags: input.tags ?? [],
    createdAt: now.toISOString(),
    ...(input.stackId !== undefined ? { stackId: input.stackId } : {}),
  };
}

/** The identity-policy fields of a role record, each inline policy checked as PutRolePolicy would. */
export function rolePolicies(managedPolicyArns: string[], inline: Record<string, unknown>): Pick<RoleRecord, "managedPolicyArns" | "inlinePolicyNames" | "inlinePolicies"> {
  const inlinePolicies: Record<string, unknown> = {};
  for (const [name, document] of Object.entries(inline)) {
    const doc = typeof document === "string" ? safeJson(document) : document;
    try {
      parseIdentityPolicy(doc);
    } catch (err) {
      if (err instanceof PolicyError) throw new PolicyError(`Inline policy ${name}: ${err.message}`);
      throw err;
    }
    inlinePolicies[name] = doc;
  }
  return { managedPolicyArns: [...managedPolicyArns], inlinePolicyNames: Object.keys(inlinePolicies), inlinePolicies };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Left as text: parseTrustPolicy reports it as IAM's "Syntax errors in policy."
    return text;
  }
}

import type { PolicyStatement } from "./policies";

/**
 * Permission sets: what a customer's role lets the partner do. The operator
 * picks one by id (`PERMISSION_SET`); the template, snippets and policies
 * shown to customers are all built from it.
 */

/** An access policy to put on the customer's role. */
export interface PermissionSet {
  id: string;
  title: string;
  /** One sentence for the customer: what the partner will be able to do. */
  description: string;
  /** AWS managed policies by name (the part after `policy/`), attached partition-aware. */
  managedPolicies: readonly string[];
  /** Statements of an inline policy, for access no managed policy describes. */
  inlineStatements: readonly PolicyStatement[];
}

/** The id of a built-in permission set. */
export type PermissionSetId = "s3-read-only" | "read-only" | "security-audit";

/** The default: read-only S3, the example in AWS's own guidance for partners. */
export const DEFAULT_PERMISSION_SET_ID: PermissionSetId = "s3-read-only";

/** The built-in permission sets by id. */
export const PERMISSION_SETS: Readonly<Record<PermissionSetId, PermissionSet>> = {
  "s3-read-only": {
    id: "s3-read-only",
    title: "Amazon S3 read-only",
    description: "Read your S3 buckets and objects (AWS managed policy AmazonS3ReadOnlyAccess); no changes.",
    managedPolicies: ["AmazonS3ReadOnlyAccess"],
    inlineStatements: [],
  },
  "read-only": {
    id: "read-only",
    title: "Read-only",
    description:
      "Read the configuration and data of most AWS services (AWS managed policy ReadOnlyAccess); no changes.",
    managedPolicies: ["ReadOnlyAccess"],
    inlineStatements: [],
  },
  "security-audit": {
    id: "security-audit",
    title: "Security audit",
    description:
      "Read security configuration and metadata across your account (AWS managed policy SecurityAudit); no changes and no object data.",
    managedPolicies: ["SecurityAudit"],
    inlineStatements: [],
  },
};

/** True when `id` names a built-in permission set. */
export function isPermissionSetId(id: string): id is PermissionSetId {
  return Object.hasOwn(PERMISSION_SETS, id);
}

/** The built-in permission set with this id, if any. */
export function getPermissionSet(id: string): PermissionSet | undefined {
  return isPermissionSetId(id) ? PERMISSION_SETS[id] : undefined;
}

/** The permission set with this id, or an error that lists the ids that exist (for start-up checks). */
export function requirePermissionSet(id: string): PermissionSet {
  const set = getPermissionSet(id);
  if (!set) {
    throw new RangeError(
      `Unknown permission set ${JSON.stringify(id)}; expected one of ${Object.keys(PERMISSION_SETS).join(", ")}`,
    );
  }
  return set;
}

import { z } from "zod";
import { FAULT_ACTIONS, FAULT_KINDS } from "../faults";
import { ROLE_NAME_PATTERN, ROLE_PATH_PATTERN } from "../state/roles";

const policyDocument = z.union([z.string(), z.record(z.string(), z.unknown())], { error: "expected a policy document (object or JSON text)" });
const managedPolicyArns = z
  .array(z.string().regex(/^arn:(aws|aws-cn|aws-us-gov):iam::(aws|\d{12}):policy\/[\u0021-\u007E]{1,512}$/, { error: "expected a managed policy ARN, e.g. arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }))
  .max(20, { error: "expected at most 20 managed policies (IAM's quota)" });
const inlinePolicies = z
  .record(z.string().regex(/^[\w+=,.@-]{1,128}$/, { error: "expected policy names of 1-128 characters from [\\w+=,.@-]" }), policyDocument)
  .refine((policies) => Object.keys(policies).length <= 10, { error: "expected at most 10 inline policies" });

/**
 * POST /_sandbox/roles: any trust policy, insecure ones included; unknown fields are refused (typos).
 * Without `managedPolicyArns` the role gets AmazonS3ReadOnlyAccess, the access of Rolegate's default permission set.
 */
export const createRoleSchema = z
  .object({
    accountId: z.string().regex(/^\d{12}$/, { error: "expected a 12-digit account id" }),
    roleName: z.string().regex(ROLE_NAME_PATTERN, { error: "expected 1-64 characters from [\\w+=,.@-]" }),
    path: z.string().max(512).regex(ROLE_PATH_PATTERN, { error: "expected / or /path/segments/" }).optional(),
    trustPolicy: z.union([z.string(), z.record(z.string(), z.unknown())], { error: "expected a policy document (object or JSON text)" }),
    maxSessionDuration: z.number().int().min(3600).max(43200).optional(),
    partition: z.enum(["aws", "aws-cn", "aws-us-gov"]).optional(),
    description: z.string().max(1000).optional(),
    managedPolicyArns: managedPolicyArns.optional(),
    inlinePolicies: inlinePolicies.optional(),
  })
  .strict();

/** PUT /_sandbox/roles/<ARN>/policies: replaces the managed policies, the inline policies, or both (an omitted field is kept). */
export const rolePoliciesSchema = z
  .object({ managedPolicyArns: managedPolicyArns.optional(), inlinePolicies: inlinePolicies.optional() })
  .strict()
  .refine((body) => body.managedPolicyArns !== undefined || body.inlinePolicies !== undefined, { error: "expected managedPolicyArns, inlinePolicies or both" });

/** POST /_sandbox/faults. */
export const faultSchema = z
  .object({
    action: z.enum(FAULT_ACTIONS),
    kind: z.enum(FAULT_KINDS),
    ms: z.number().int().min(0).max(600_000).optional(),
    count: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((f) => (f.kind !== "latency" && f.kind !== "propagation") || f.ms !== undefined, {
    error: "latency and propagation faults need ms",
    path: ["ms"],
  })
  .refine((f) => f.action !== "ListBuckets" || ["latency", "throttle", "drop"].includes(f.kind), {
    error: "ListBuckets (S3) takes latency, throttle and drop faults only",
    path: ["kind"],
  });

/** One line per problem, naming the field: what a developer needs to fix the request. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

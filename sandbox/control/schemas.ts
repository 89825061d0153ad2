import { z } from "zod";
import { FAULT_ACTIONS, FAULT_KINDS } from "../faults";
import { ROLE_NAME_PATTERN, ROLE_PATH_PATTERN } from "../state/roles";

/** POST /_sandbox/roles: any trust policy, insecure ones included; unknown fields are refused (typos). */
export const createRoleSchema = z
  .object({
    accountId: z.string().regex(/^\d{12}$/, { error: "expected a 12-digit account id" }),
    roleName: z.string().regex(ROLE_NAME_PATTERN, { error: "expected 1-64 characters from [\\w+=,.@-]" }),
    path: z.string().max(512).regex(ROLE_PATH_PATTERN, { error: "expected / or /path/segments/" }).optional(),
    trustPolicy: z.union([z.string(), z.record(z.string(), z.unknown())], { error: "expected a policy document (object or JSON text)" }),
    maxSessionDuration: z.number().int().min(3600).max(43200).optional(),
    partition: z.enum(["aws", "aws-cn", "aws-us-gov"]).optional(),
    description: z.string().max(1000).optional(),
  })
  .strict();

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
  });

/** One line per problem, naming the field: what a developer needs to fix the request. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

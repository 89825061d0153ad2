import { z } from "zod";

/** The partner: one IAM user whose long-term key pair the sandbox generated. */
export const partnerSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  userName: z.string(),
  userId: z.string(),
  accessKeyId: z.string().regex(/^AKIA[A-Z2-7]{16}$/),
  secretAccessKey: z.string().min(40),
});

/** A role in a simulated customer account. Its trust policy is kept as given and parsed on use. */
export const roleSchema = z.object({
  arn: z.string(),
  partition: z.string(),
  accountId: z.string().regex(/^\d{12}$/),
  roleName: z.string(),
  path: z.string(),
  roleId: z.string(),
  trustPolicy: z.unknown(),
  maxSessionDuration: z.number().int(),
  description: z.string().optional(),
  managedPolicyArns: z.array(z.string()).default([]),
  inlinePolicyNames: z.array(z.string()).default([]),
  tags: z.array(z.object({ Key: z.string(), Value: z.string() })).default([]),
  createdAt: z.string(),
  stackId: z.string().optional(),
});

export const stackSchema = z.object({
  stackId: z.string(),
  stackName: z.string(),
  accountId: z.string(),
  region: z.string(),
  status: z.string(),
  description: z.string().optional(),
  createdAt: z.string(),
  templateURL: z.string(),
  parameters: z.array(z.object({ key: z.string(), value: z.string() })),
  outputs: z.array(
    z.object({ key: z.string(), value: z.string(), description: z.string().optional(), exportName: z.string().optional() }),
  ),
  resources: z.array(z.object({ logicalId: z.string(), type: z.string(), physicalId: z.string() })),
});

export const stateFileSchema = z.object({
  version: z.literal(1),
  partner: partnerSchema,
  // Signs temporary credentials, so they stay valid across restarts like real STS sessions.
  sessionKey: z.string().regex(/^[0-9a-f]{64}$/),
  roles: z.array(roleSchema),
  stacks: z.array(stackSchema),
});

export type PartnerRecord = z.infer<typeof partnerSchema>;
export type RoleRecord = z.infer<typeof roleSchema>;
export type StackRecord = z.infer<typeof stackSchema>;
export type StateFile = z.infer<typeof stateFileSchema>;

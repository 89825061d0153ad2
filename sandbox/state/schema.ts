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
  /** Inline identity policies by name, as given (the names are also in inlinePolicyNames). */
  inlinePolicies: z.record(z.string(), z.unknown()).default({}),
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
  statusReason: z.string().optional(),
  resources: z.array(
    z.object({
      logicalId: z.string(),
      type: z.string(),
      physicalId: z.string().optional(),
      status: z.string().default("CREATE_COMPLETE"),
      statusReason: z.string().optional(),
      /** Custom resources: the resolved properties, sent again with Delete. */
      properties: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

/** An SNS topic; attributes are the settable ones (Policy, SignatureVersion, DisplayName). */
export const topicSchema = z.object({
  arn: z.string(),
  name: z.string(),
  region: z.string(),
  accountId: z.string(),
  partition: z.string(),
  createdAt: z.string(),
  attributes: z.record(z.string(), z.string()).default({}),
});

/** An http/https subscription: pending until the endpoint confirms it with its token. */
export const subscriptionSchema = z.object({
  arn: z.string(),
  topicArn: z.string(),
  protocol: z.enum(["http", "https"]),
  endpoint: z.string(),
  owner: z.string(),
  status: z.enum(["pending", "confirmed"]),
  token: z.string(),
  createdAt: z.string(),
});

/** The key and self-signed certificate SNS messages are signed with (served at SigningCertURL). */
export const snsSigningSchema = z.object({
  certId: z.string().regex(/^[0-9a-f]{32}$/),
  privateKeyPem: z.string(),
  certificatePem: z.string(),
});

export const stateFileSchema = z.object({
  version: z.literal(1),
  partner: partnerSchema,
  // Signs temporary credentials, so they stay valid across restarts like real STS sessions.
  sessionKey: z.string().regex(/^[0-9a-f]{64}$/),
  roles: z.array(roleSchema),
  stacks: z.array(stackSchema),
  topics: z.array(topicSchema).default([]),
  subscriptions: z.array(subscriptionSchema).default([]),
  snsSigning: snsSigningSchema.optional(),
});

export type PartnerRecord = z.infer<typeof partnerSchema>;
export type RoleRecord = z.infer<typeof roleSchema>;
export type StackRecord = z.infer<typeof stackSchema>;
export type TopicRecord = z.infer<typeof topicSchema>;
export type SubscriptionRecord = z.infer<typeof subscriptionSchema>;
export type SnsSigning = z.infer<typeof snsSigningSchema>;
export type StateFile = z.infer<typeof stateFileSchema>;

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

/** An AWS Organization: its root, OUs (nested by parentId) and member accounts (the management account included, in the root). */
export const organizationSchema = z.object({
  id: z.string(),
  managementAccountId: z.string().regex(/^\d{12}$/),
  rootId: z.string(),
  ous: z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string() })),
  /** Each account with the root or OU it sits in. */
  accounts: z.array(z.object({ id: z.string().regex(/^\d{12}$/), parentId: z.string() })),
  createdAt: z.string(),
});

/** One stack instance of a stack set: an account and region, and the stack made there. */
export const stackInstanceSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  ouId: z.string(),
  status: z.enum(["CURRENT", "OUTDATED", "INOPERABLE"]),
  detailedStatus: z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "INOPERABLE"]),
  statusReason: z.string().optional(),
  stackId: z.string().optional(),
});

export const stackSetOperationSchema = z.object({
  operationId: z.string(),
  action: z.enum(["CREATE", "DELETE"]),
  status: z.enum(["RUNNING", "SUCCEEDED", "FAILED", "STOPPED"]),
  statusReason: z.string().optional(),
  createdAt: z.string(),
  endedAt: z.string().optional(),
  counts: z.object({ total: z.number(), succeeded: z.number(), failed: z.number(), cancelled: z.number() }),
});

/** A service-managed stack set, made by an AWS::CloudFormation::StackSet resource in the management account. */
export const stackSetSchema = z.object({
  stackSetId: z.string(),
  name: z.string(),
  status: z.enum(["ACTIVE", "DELETED"]),
  managementAccountId: z.string(),
  organizationId: z.string(),
  /** The stack whose resource made it. */
  ownerStackId: z.string(),
  partition: z.string(),
  autoDeployment: z.object({ enabled: z.boolean(), retainStacksOnAccountRemoval: z.boolean() }),
  capabilities: z.array(z.string()),
  templateURL: z.string(),
  templateBody: z.string(),
  parameters: z.record(z.string(), z.string()),
  targets: z.array(z.object({ organizationalUnitIds: z.array(z.string()), regions: z.array(z.string()) })),
  preferences: z.object({
    maxConcurrentCount: z.number().int().optional(),
    maxConcurrentPercentage: z.number().int().optional(),
    failureToleranceCount: z.number().int().optional(),
    failureTolerancePercentage: z.number().int().optional(),
    regionConcurrencyType: z.enum(["SEQUENTIAL", "PARALLEL"]),
  }),
  instances: z.array(stackInstanceSchema),
  operations: z.array(stackSetOperationSchema),
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
  organizations: z.array(organizationSchema).default([]),
  stackSets: z.array(stackSetSchema).default([]),
});

export type PartnerRecord = z.infer<typeof partnerSchema>;
export type RoleRecord = z.infer<typeof roleSchema>;
export type StackRecord = z.infer<typeof stackSchema>;
export type TopicRecord = z.infer<typeof topicSchema>;
export type SubscriptionRecord = z.infer<typeof subscriptionSchema>;
export type SnsSigning = z.infer<typeof snsSigningSchema>;
export type OrganizationRecord = z.infer<typeof organizationSchema>;
export type StackSetRecord = z.infer<typeof stackSetSchema>;
export type StackInstanceRecord = z.infer<typeof stackInstanceSchema>;
export type StackSetOperationRecord = z.infer<typeof stackSetOperationSchema>;
export type StateFile = z.infer<typeof stateFileSchema>;

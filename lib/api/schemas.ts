import "zod-openapi";
import { z } from "zod";
import { CHECK_IDS } from "@/lib/aws/checks";
import { EVENT_DESCRIPTIONS, EVENT_TYPES } from "@/lib/events/types";
import { CONNECTION_STATUSES } from "@/lib/schemas/admin-connections";
import { addConnectionSchema } from "@/lib/schemas/connections";
import { organizationNameSchema } from "@/lib/schemas/organizations";
import { emailSchema } from "@/lib/schemas/auth";
import { webhookDescriptionField, webhookUrlField } from "@/lib/schemas/webhooks";

/**
 * The partner API's requests and answers, one zod schema each: requests are validated with them and
 * the OpenAPI document (lib/api/openapi.ts) is generated from them. Answers are built in SQL by
 * lib/dal/event-data.ts; e2e/api-contract.spec.ts checks every answer against the document.
 */

const id = (what: string) => z.uuid({ error: `Expected the id of ${what} (a UUID).` }).meta({ description: `The ${what}'s id.`, example: "3f0c2b9e-6a51-4c47-9d4e-2b1f8c0d7a15" });
const timestamp = z.iso.datetime().meta({ description: "ISO 8601, UTC.", example: "2026-12-04T09:30:00.000Z" });

export const connectionStatus = z.enum(CONNECTION_STATUSES).meta({
  id: "ConnectionStatus",
  description: "`pending` (never checked), `verified`, `failed`, `insecure` (assumable without the right External ID, never accepted) or `disconnected` (removed; history kept).",
});

export const organization = z
  .object({ id: id("organisation"), name: z.string(), externalId: z.string().meta({ description: "The External ID new stacks of this organisation are created with." }), createdAt: timestamp })
  .meta({ id: "Organization" });

export const connection = z
  .object({
    id: id("connection"),
    organizationId: id("organisation"),
    accountId: z.string().regex(/^\d{12}$/).meta({ example: "123456789012" }),
    roleArn: z.string().meta({ example: "arn:aws:iam::123456789012:role/RolegateAccess" }),
    roleName: z.string(),
    partition: z.enum(["aws", "aws-cn", "aws-us-gov"]),
    externalId: z.string().meta({ description: "The External ID to pass to sts:AssumeRole for this role: the one its stack was created with (after a rotation it may differ from the organisation's)." }),
    status: connectionStatus,
    lastVerifiedAt: timestamp.nullable(),
    lastCheckedAt: timestamp.nullable(),
    statusSince: timestamp.nullable().meta({ description: "When the current status began: verified (\"healthy\") or failing since then." }),
    nextCheckAt: timestamp
      .nullable()
      .meta({ description: "When the scheduled health check (HEALTH_CHECK_INTERVAL) is next due; null before the scheduler first spreads it, or while it is off for good." }),
    lastFailure: z.object({ code: z.string(), message: z.string().nullable() }).nullable().meta({ description: "Why the last check did not verify, when it did not." }),
    createdAt: timestamp,
  })
  .meta({ id: "Connection" });

export const check = z
  .object({
    id: z.enum(CHECK_IDS as [string, ...string[]]),
    label: z.string(),
    state: z.enum(["passed", "failed", "skipped"]),
    startedAt: timestamp,
    durationMs: z.number(),
    attempts: z.number().int(),
    awsCode: z.string().optional().meta({ description: "The AWS error code, when AWS refused." }),
    requestId: z.string().optional().meta({ description: "AWS's request id, for support cases and CloudTrail." }),
    message: z.string().optional(),
  })
  .meta({ id: "VerificationCheck" });

export const verification = z
  .object({
    status: z.enum(["verified", "failed", "insecure"]),
    startedAt: timestamp,
    durationMs: z.number(),
    checks: z.array(check),
    failure: z
      .object({ code: z.string(), title: z.string(), detail: z.string(), causes: z.array(z.string()), nextStep: z.string(), awsCode: z.string().optional(), requestId: z.string().optional() })
      .nullable(),
  })
  .meta({ id: "Verification", description: "One live check: AssumeRole with the External ID, GetCallerIdentity, AssumeRole without and with a wrong External ID, which must be refused, and the permission probe: one read-only call as the role that its permission set must allow (S3 ListBuckets). A failure with code `missing-permissions` means the role can be assumed but that call was denied." });

export const verifyResponse = z.object({ verification, connection }).meta({ id: "VerifyResult" });

export const invite = z
  .object({ id: id("invite"), email: z.string(), url: z.url().meta({ description: "The single-use link to send to the customer. Shown once." }), expiresAt: timestamp })
  .meta({ id: "Invite" });

export const launch = z
  .object({
    quickCreateUrl: z.url().meta({ description: "The CloudFormation quick-create link the customer's Launch button opens, for this region, with every parameter filled in." }),
    templateUrl: z.url().meta({ description: "Where CloudFormation reads the role template." }),
    stackName: z.string().meta({ example: "RolegateAccess" }),
    parameters: z
      .object({
        ExternalId: z.string().meta({ description: "The organisation's current External ID." }),
        RegistrationToken: z
          .string()
          .optional()
          .meta({ description: "Present when the stack registers itself in this region (no ARN to paste): the organisation's registration token. Treat it as a credential of that organisation; revoking it on the organisation's admin page invalidates links made before." }),
      })
      .meta({ description: "The stack parameters the link fills in, for partners that build their own link or run CloudFormation themselves." }),
  })
  .meta({ id: "Launch" });

export const eventType = z.enum(EVENT_TYPES).meta({
  id: "EventType",
  description: EVENT_TYPES.map((t) => `\`${t}\`: ${EVENT_DESCRIPTIONS[t]}`).join("\n"),
});

export const event = z
  .object({
    id: id("event").meta({ description: "The event's id; webhooks send it as `webhook-id`." }),
    type: eventType,
    timestamp,
    data: z.record(z.string(), z.unknown()).meta({ description: "A Connection for `connection.*`, an Organization for `organization.*`, a job summary for `job.completed`." }),
  })
  .meta({ id: "Event" });

export const webhookEndpoint = z
  .object({
    id: id("webhook endpoint"),
    url: z.string(),
    description: z.string(),
    events: z.array(z.union([eventType, z.literal("*")])),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    failingSince: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "WebhookEndpoint" });

export const webhookEndpointCreated = webhookEndpoint
  .extend({ secret: z.string().meta({ description: "The signing secret (`whsec_…`, Standard Webhooks). Shown only in this answer." }) })
  .meta({ id: "WebhookEndpointWithSecret" });

export const delivery = z
  .object({
    id: id("delivery"),
    eventId: id("event"),
    eventType,
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    lastAttemptAt: timestamp.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "WebhookDelivery" });

/** A page of a list: `nextCursor` continues it, null at the end. */
export function page<T extends z.ZodType>(item: T, name: string) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() }).meta({ id: name });
}

const limit = (max: number, fallback: number) =>
  z.coerce
    .number({ error: `Expected a number from 1 to ${max}.` })
    .int({ error: `Expected a whole number from 1 to ${max}.` })
    .min(1, { error: `Expected a number from 1 to ${max}.` })
    .max(max, { error: `Expected a number from 1 to ${max}.` })
    .default(fallback)
    .meta({ description: `How many to return (1–${max}, default ${fallback}).` });
const cursor = z.string().max(512, { error: "That is not a cursor this API returned." }).optional().meta({ description: "`nextCursor` of the previous page." });

export const params = {
  organization: z.strictObject({ id: id("organisation") }),
  connection: z.strictObject({ id: id("connection") }),
  webhook: z.strictObject({ id: id("webhook endpoint") }),
  delivery: z.strictObject({ id: id("webhook endpoint"), deliveryId: id("delivery") }),
};

export const queries = {
  organizations: z.strictObject({ limit: limit(200, 50), cursor }),
  connections: z.strictObject({
    status: connectionStatus.optional(),
    organizationId: id("organisation").optional(),
    accountId: z.string().regex(/^\d{12}$/, { error: "Expected a 12-digit AWS account id." }).optional(),
    limit: limit(200, 50),
    cursor,
  }),
  events: z.strictObject({
    after: z.string().max(64).optional().meta({ description: "The id of the last event you have; omit it to start from the oldest." }),
    type: eventType.optional().meta({ description: "Only events of this type." }),
    limit: limit(500, 100),
  }),
  deliveries: z.strictObject({ limit: limit(200, 50), cursor }),
  launch: z.strictObject({
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "Expected an AWS region code, such as eu-west-1." })
      .optional()
      .meta({ description: "The region to create the stack in (default: Rolegate's AWS_REGION).", example: "eu-west-1" }),
  }),
};

export const bodies = {
  createOrganization: z.strictObject({ name: organizationNameSchema }).meta({ id: "CreateOrganization" }),
  createInvite: z.strictObject({ email: emailSchema }).meta({ id: "CreateInvite" }),
  // The customer form's own field: the same limits and messages (the ARN itself is checked by lib/aws/arn).
  createConnection: z.strictObject({ roleArn: addConnectionSchema.shape.roleArn }).meta({ id: "CreateConnection" }),
  createWebhook: z
    .strictObject({
      url: webhookUrlField,
      events: z
        .array(z.union([eventType, z.literal("*")]), { error: "Expected a list of event types." })
        .min(1, { error: "List at least one event type, or \"*\" for all." })
        .max(EVENT_TYPES.length + 1),
      description: webhookDescriptionField,
    })
    .meta({ id: "CreateWebhookEndpoint" }),
};

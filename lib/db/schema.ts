import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  primaryKey,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// No column here may hold an AWS access key, secret key or session token: only ARNs and ids.

export const userRole = pgEnum("user_role", ["admin", "member"]);

export const connectionStatus = pgEnum("connection_status", [
  "pending",
  "verified",
  "failed",
  "insecure",
  "disconnected",
]);

export const verificationTrigger = pgEnum("verification_trigger", ["onboarding", "manual", "bulk", "scheduled", "api", "registration"]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    externalId: text("external_id").notNull().unique(),
    createdAt: createdAt(),
  },
  // The dashboard sorts connections by organisation name (keyset on name, id) and searches names by substring.
  (t) => [
    index("organizations_name_idx").on(t.name, t.id),
    index("organizations_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    // The partner API pages organisations in creation order.
    index("organizations_created_idx").on(t.createdAt, t.id),
  ],
);

/**
 * A connection's "last checked" as a sort key: never-checked connections sort as the oldest. Indexed
 * as an expression so keyset pages compare one non-null value (row comparisons and NULL do not mix).
 * The indexes name the column bare, as the migration has it; queries pass the table's column, so
 * that the name stays unambiguous in a join (PostgreSQL matches either to the index).
 */
export function lastCheckedKey(lastCheckedAt: SQL | AnyPgColumn = sql.raw("last_checked_at")): SQL {
  return sql`coalesce(${lastCheckedAt}, '-infinity'::timestamptz)`;
}

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    /** Null for an account made by single sign-on, which has no password until its owner sets one. */
    passwordHash: text("password_hash"),
    passwordChangeRequired: boolean("password_change_required").notNull().default(false),
    /** Carried by each session at sign-in; changing the password bumps it, which ends every older session. */
    sessionVersion: integer("session_version").notNull().default(0),
    role: userRole("role").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "restrict" }),
    /** The TOTP secret, sealed (lib/security/secret-box.ts); set at enrolment, in force once `totpEnabledAt` is. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The last time step whose code was accepted: a code is good once. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("users_organization_idx").on(t.organizationId),
    // A member always belongs to one organisation; an admin belongs to the partner, not to a customer.
    check(
      "users_role_organization",
      sql`(${t.role} = 'member' and ${t.organizationId} is not null) or (${t.role} = 'admin' and ${t.organizationId} is null)`,
    ),
  ],
);

export const invites = pgTable(
  "invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("invites_organization_idx").on(t.organizationId)],
);

export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    roleArn: text("role_arn").notNull(),
    accountId: text("account_id").notNull(),
    partition: text("partition").notNull(),
    roleName: text("role_name").notNull(),
    // The External ID the customer's stack was created with (it may differ from the organisation's after a rotation).
    externalId: text("external_id").notNull(),
    status: connectionStatus("status").notNull().default("pending"),
    // A role ARN a member pasted that has not verified yet: not counted or listed as a connection for admins.
    draft: boolean("draft").notNull().default(false),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    lastVerifiedAt: timestamp("last_verified_at", { withTimezone: true }),
    lastFailureCode: text("last_failure_code"),
    lastFailureMessage: text("last_failure_message"),
    // When the current status began (set by a trigger whenever the status changes): "healthy since", "failing since".
    statusSince: timestamp("status_since", { withTimezone: true }),
    // The scheduled health check: when it is next due (null until the scheduler first spreads it), and how many
    // inconclusive checks in a row it has had (they are retried sooner, with backoff).
    nextCheckAt: timestamp("next_check_at", { withTimezone: true }),
    inconclusiveChecks: integer("inconclusive_checks").notNull().default(0),
    // The organisation-wide StackSet deployment whose stack instance registered this account (null: a single-account path).
    deploymentId: uuid("deployment_id").references((): AnyPgColumn => organizationDeployments.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("connections_organization_role_arn_key").on(t.organizationId, t.roleArn),
    // Keyset pages of the admin dashboard: each sort (and each equality filter) reads one of these in order.
    index("connections_last_checked_idx").on(lastCheckedKey(), t.id),
    index("connections_status_checked_idx").on(t.status, lastCheckedKey(), t.id),
    index("connections_organization_checked_idx").on(t.organizationId, lastCheckedKey(), t.id),
    // Substring search on the ARN, which also holds the account id.
    index("connections_role_arn_trgm_idx").using("gin", t.roleArn.op("gin_trgm_ops")),
    // The partner API lists in creation order (stable under inserts), whole or by one filter.
    index("connections_created_idx").on(t.createdAt, t.id),
    index("connections_organization_created_idx").on(t.organizationId, t.createdAt, t.id),
    index("connections_status_created_idx").on(t.status, t.createdAt, t.id),
    index("connections_account_idx").on(t.accountId),
    // The health scheduler's claim: due connections in due order (only those it checks).
    index("connections_next_check_idx")
      .on(t.nextCheckAt)
      .where(sql`${t.status} <> 'disconnected' and not ${t.draft}`),
    // The overview's freshness counts read only the connections they count (lib/dal/admin/overview.ts
    // writes the same predicate, so the planner can prove these indexes apply).
    index("connections_never_verified_idx").on(t.id).where(sql`${t.status} <> 'disconnected' and not ${t.draft} and ${t.lastVerifiedAt} is null`),
    index("connections_active_verified_idx").on(t.lastVerifiedAt).where(sql`${t.status} <> 'disconnected' and not ${t.draft}`),
    index("connections_active_checked_idx")
      .on(sql`coalesce(${t.lastCheckedAt}, ${t.createdAt})`)
      .where(sql`${t.status} <> 'disconnected' and not ${t.draft}`),
    check("connections_account_id_format", sql`${t.accountId} ~ '^[0-9]{12}$'`),
    index("connections_deployment_idx").on(t.deploymentId).where(sql`${t.deploymentId} is not null`),
  ],
);

/**
 * An organisation-wide deployment: the management-account stack whose StackSet puts the role in every
 * account of the customer's OUs. Known from the first member account that registers with its id.
 */
export const organizationDeployments = pgTable(
  "organization_deployments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    // The management stack's id (an ARN): its account is the AWS Organization's management account (or delegated administrator).
    stackId: text("stack_id").notNull(),
    managementAccountId: text("management_account_id").notNull(),
    region: text("region").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organization_deployments_stack_key").on(t.organizationId, t.stackId)],
);

/**
 * Row counts kept by statement-level triggers (drizzle/0017_row_counts.sql), so the dashboard's totals
 * do not scan the tables they count. A counter's value is the sum of its rows: each statement that
 * changes a count adds a row with its net change, and never updates one, so concurrent writers never
 * wait on each other or deadlock here. `compactRowCounts` folds the rows into one per counter from
 * time to time. Counters: `connections:<status>` (drafts left out) and `organizations`.
 */
export const rowCounts = pgTable("row_counts", {
  counter: text("counter").notNull(),
  n: bigint("n", { mode: "number" }).notNull(),
});

export const verifications = pgTable(
  "verifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    trigger: verificationTrigger("trigger").notNull(),
    // History outlives nothing it points at: users and organisations are never deleted, only disabled.
    actorUserId: uuid("actor_user_id").references(() => users.id),
    // Set when the check was asked for through the partner API (trigger `api`).
    actorApiKeyId: uuid("actor_api_key_id").references(() => apiKeys.id),
    status: connectionStatus("status").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    // Each check: id, state, duration, attempts, AWS error code and request id. Never credentials.
    checks: jsonb("checks").notNull(),
    failureCode: text("failure_code"),
    // A scheduled check that could not decide (throttling, timeouts, a partner-side fault): kept in the history,
    // the connection's status untouched. `status` is what the check saw, `failure_code` why it proves nothing.
    inconclusive: boolean("inconclusive").notNull().default(false),
    // The External ID presented (null in rows from before it was recorded): after a rotation, which ID a check used.
    externalId: text("external_id"),
    createdAt: createdAt(),
  },
  (t) => [
    // A connection's history, newest first. The dashboard's outcomes per day are counters (rowCounts).
    index("verifications_connection_idx").on(t.connectionId, t.startedAt),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    // Writes through the partner API: the key that made them (no user).
    actorApiKeyId: uuid("actor_api_key_id").references(() => apiKeys.id),
    organizationId: uuid("organization_id").references(() => organizations.id),
    action: text("action").notNull(),
    targetId: text("target_id"),
    detail: jsonb("detail"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_organization_idx").on(t.organizationId, t.createdAt)],
);

/**
 * Alerts about the partner's own side, raised once and kept until they clear (e.g. the partner's AWS
 * credentials rejected during scheduled checks). One row per kind; `cleared_at` null while it lasts.
 */
export const healthAlerts = pgTable("health_alerts", {
  kind: text("kind").primaryKey(),
  raisedAt: timestamp("raised_at", { withTimezone: true }).notNull(),
  reason: text("reason").notNull(),
  clearedAt: timestamp("cleared_at", { withTimezone: true }),
});

/** Fixed-window counters shared by every instance (verification and sign-in limits). */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
});

/**
 * Sessions signed out before they expired (a session is a cookie the server does not keep: a copy
 * of it would otherwise go on working). Rows go once the session would have expired anyway.
 */
export const endedSessions = pgTable(
  "ended_sessions",
  {
    sessionId: uuid("session_id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("ended_sessions_expires_idx").on(t.expiresAt)],
);

/** One-time recovery codes for two-factor sign-in, stored as SHA-256 hashes: each is good once. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("recovery_codes_user_code_idx").on(t.userId, t.codeHash)],
);

/**
 * Single sign-on identities: who an OpenID provider says signed in (its issuer and the subject, the
 * provider's stable id for the person), and the account that identity signs in to. A subject is
 * believed only from its own issuer; the e-mail it had when linked is kept for the record.
 */
export const userIdentities = pgTable(
  "user_identities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    email: text("email").notNull(),
    createdAt: createdAt(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("user_identities_issuer_subject_idx").on(t.issuer, t.subject), index("user_identities_user_idx").on(t.userId)],
);

/**
 * Every External ID ever issued, current or retired, so an ID is never reused by another
 * organisation and a rotation leaves a record. `organizations.external_id` is the current one.
 */
export const externalIds = pgTable(
  "external_ids",
  {
    externalId: text("external_id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [index("external_ids_organization_idx").on(t.organizationId)],
);

export const jobStatus = pgEnum("job_status", ["queued", "running", "cancelling", "cancelled", "completed", "failed"]);

/** Background work stored in the database (bulk re-verification): survives restarts, runs once. */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    status: jobStatus("status").notNull().default("queued"),
    // What was asked for (e.g. { "kind": "failed" } or { "kind": "selection", "count": 12 }), for display.
    scope: jsonb("scope").notNull(),
    total: integer("total").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    error: text("error"),
  },
  (t) => [index("jobs_status_idx").on(t.status, t.createdAt)],
);

export const jobItemStatus = pgEnum("job_item_status", ["pending", "running", "done", "skipped"]);

/** One connection of a bulk job; claimed by a worker with FOR UPDATE SKIP LOCKED and a lease. */
export const jobItems = pgTable(
  "job_items",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    status: jobItemStatus("status").notNull().default("pending"),
    // The verification's outcome once done: verified, failed or insecure.
    outcome: connectionStatus("outcome"),
    attempts: integer("attempts").notNull().default(0),
    // A claimed item whose lease has passed (its worker died) is claimed again.
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.connectionId] }), index("job_items_job_status_idx").on(t.jobId, t.status)],
);

export const apiKeyScope = pgEnum("api_key_scope", ["read", "write"]);

/** Keys of the partner API. The key itself is shown once and never stored: only its SHA-256. */
export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** The key's first characters, shown so that admins can tell keys apart. */
  prefix: text("prefix").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  scope: apiKeyScope("scope").notNull(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  /** Written at most once a minute per key, so that a busy key does not write on every request. */
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/**
 * The event log (a transactional outbox): written in the same transaction as the change it
 * reports. Readers (the events API, webhooks) take events in (tx_id, seq) order and only below
 * the oldest transaction still running, so an event committed late is never skipped by a reader
 * that has already moved on (see lib/events/log.ts).
 */
export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    txId: bigint("tx_id", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
    type: text("type").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    data: jsonb("data").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("events_order_idx").on(t.txId, t.seq)],
);

/** How far a reader of the event log has got, by name (e.g. `webhooks`): one row each. */
export const eventCursors = pgTable("event_cursors", {
  name: text("name").primaryKey(),
  txId: bigint("tx_id", { mode: "number" }).notNull().default(0),
  seq: bigint("seq", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Where the partner's software wants events, and the secret their signatures are made with. */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  url: text("url").notNull(),
  description: text("description").notNull().default(""),
  /** Event types sent here; `*` for all. */
  eventTypes: text("event_types").array().notNull(),
  /** The signing secret (`whsec_…`), encrypted at rest (lib/security/secret-box.ts). */
  secretEncrypted: text("secret_encrypted").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  disabledReason: text("disabled_reason"),
  /** Since when every attempt has failed; null once one succeeds. Endpoints failing for days are disabled. */
  failingSince: timestamp("failing_since", { withTimezone: true }),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdByApiKey: uuid("created_by_api_key").references(() => apiKeys.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed"]);

/** One event for one endpoint: attempted until a 2xx or until the retry schedule runs out. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    status: webhookDeliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** When the next attempt is due (null once succeeded or given up). */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** A claimed delivery whose lease has passed (its worker died) is claimed again. */
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);

/**
 * The first answer to a POST of the partner API under an `Idempotency-Key`, replayed to retries
 * of the same request. A row without a status is a request still running.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code"),
    responseBody: text("response_body"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

/**
 * The token a role stack carries to register itself (zero-paste onboarding): one live row per
 * organisation. The token is HMAC-SHA256(server key, `registration-token:` + id), so it can be shown
 * again in the launch link without being stored; only its SHA-256 is kept. Revoking retires the row
 * and a new one (a new id, so a new token) takes its place.
 */
export const registrationTokens = pgTable(
  "registration_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("registration_tokens_live_key").on(t.organizationId).where(sql`revoked_at is null`)],
);

export const registrationRequestStatus = pgEnum("registration_request_status", ["pending", "answered", "failed"]);

/**
 * A CloudFormation custom-resource request received over SNS, kept until it is answered. Unique on
 * the SNS message and on the stack's request, so a replay or a redelivery changes nothing. The
 * registration token is not kept: only the id of the token row it matched (null when none did).
 */
export const registrationRequests = pgTable(
  "registration_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    snsMessageId: text("sns_message_id").notNull().unique(),
    topicArn: text("topic_arn").notNull(),
    region: text("region").notNull(),
    requestType: text("request_type").notNull(),
    stackId: text("stack_id").notNull(),
    requestId: text("request_id").notNull(),
    logicalResourceId: text("logical_resource_id").notNull(),
    resourceType: text("resource_type").notNull(),
    /** Where the answer goes: a presigned URL (a capability; never logged). */
    responseUrl: text("response_url").notNull(),
    physicalResourceId: text("physical_resource_id"),
    /** The resource's properties without the token; `oldProperties` on Update. */
    properties: jsonb("properties").notNull(),
    oldProperties: jsonb("old_properties"),
    tokenId: uuid("token_id").references(() => registrationTokens.id, { onDelete: "set null" }),
    status: registrationRequestStatus("status").notNull().default("pending"),
    /** Processing attempts: claims (the fencing token) and PUTs to the ResponseURL. */
    attempts: integer("attempts").notNull().default(0),
    putAttempts: integer("put_attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    /** The answer decided (kept so a retried PUT sends the same one): SUCCESS or FAILED, reason, physical id, data. */
    response: jsonb("response"),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "set null" }),
    lastError: text("last_error"),
    lastStatusCode: integer("last_status_code"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("registration_requests_stack_request_key").on(t.stackId, t.requestId),
    index("registration_requests_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("registration_requests_stack_idx").on(t.stackId),
  ],
);

export const mailStatus = pgEnum("mail_status", ["pending", "sent", "failed"]);

/**
 * Outgoing e-mail (an outbox): written in the same transaction as its cause, sent by the mail
 * worker, which claims due rows with FOR UPDATE SKIP LOCKED and a lease and retries with backoff.
 * `dedupe_key` makes a message that several instances or retries could enqueue exist once (the
 * event it reports and its recipient, a day's digest). Without SMTP_URL rows stay pending and are
 * read at /admin/mail. No secrets: the invite link is the only token a message may carry.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** invite, status_change, rotation, digest, security. */
    category: text("category").notNull(),
    recipient: text("recipient").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    /** The page the message leads to (absolute). */
    link: text("link"),
    dedupeKey: text("dedupe_key").unique(),
    status: mailStatus("status").notNull().default("pending"),
    /** Claims so far; the fencing token of the worker holding the row. */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("mail_outbox_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("mail_outbox_created_idx").on(t.createdAt, t.id),
  ],
);

/**
 * What non-essential mail a person wants. No row: the defaults (members get status changes and
 * rotation notices; admins get the digest and opt in to status changes). Invites and security
 * mail always go.
 */
export const mailPreferences = pgTable("mail_preferences", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  statusChanges: boolean("status_changes"),
  rotationNotices: boolean("rotation_notices").notNull().default(true),
  digest: boolean("digest").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A customer organisation's own OpenID provider: its members sign in through it (next-auth provider
 * `org-<organization_id>`). The client secret is sealed (lib/security/secret-box.ts) and never read
 * back to a page.
 */
export const organizationSso = pgTable("organization_sso", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  displayName: text("display_name").notNull(),
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  clientSecretSealed: text("client_secret_sealed").notNull(),
  trustEmailForLinking: boolean("trust_email_for_linking").notNull().default(false),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/** The e-mail domains whose people an organisation's provider signs in; a domain belongs to one organisation only. */
export const organizationSsoDomains = pgTable(
  "organization_sso_domains",
  {
    domain: text("domain").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationSso.organizationId, { onDelete: "cascade" }),
  },
  (t) => [index("organization_sso_domains_org_idx").on(t.organizationId)],
);

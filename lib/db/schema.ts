import { sql } from "drizzle-orm";
import {
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

export const verificationTrigger = pgEnum("verification_trigger", ["onboarding", "manual", "bulk", "scheduled"]);

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
  (t) => [index("organizations_name_idx").on(t.name, t.id), index("organizations_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops"))],
);

/**
 * A connection's "last checked" as a sort key: never-checked connections sort as the oldest. Indexed
 * as an expression so keyset pages compare one non-null value (row comparisons and NULL do not mix).
 */
const lastCheckedKey = sql`coalesce(last_checked_at, '-infinity'::timestamptz)`;

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    passwordChangeRequired: boolean("password_change_required").notNull().default(false),
    /** Carried by each session at sign-in; changing the password bumps it, which ends every older session. */
    sessionVersion: integer("session_version").notNull().default(0),
    role: userRole("role").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "restrict" }),
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
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    lastVerifiedAt: timestamp("last_verified_at", { withTimezone: true }),
    lastFailureCode: text("last_failure_code"),
    lastFailureMessage: text("last_failure_message"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("connections_organization_role_arn_key").on(t.organizationId, t.roleArn),
    // Keyset pages of the admin dashboard: each sort (and each equality filter) reads one of these in order.
    index("connections_last_checked_idx").on(lastCheckedKey, t.id),
    index("connections_status_checked_idx").on(t.status, lastCheckedKey, t.id),
    index("connections_organization_checked_idx").on(t.organizationId, lastCheckedKey, t.id),
    // Substring search on the ARN, which also holds the account id.
    index("connections_role_arn_trgm_idx").using("gin", t.roleArn.op("gin_trgm_ops")),
    check("connections_account_id_format", sql`${t.accountId} ~ '^[0-9]{12}$'`),
  ],
);

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
    status: connectionStatus("status").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    // Each check: id, state, duration, attempts, AWS error code and request id. Never credentials.
    checks: jsonb("checks").notNull(),
    failureCode: text("failure_code"),
    // The External ID presented (null in rows from before it was recorded): after a rotation, which ID a check used.
    externalId: text("external_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("verifications_connection_idx").on(t.connectionId, t.startedAt),
    // Status too, so the dashboard's outcomes-per-day chart is an index-only scan of the last 30 days.
    index("verifications_started_status_idx").on(t.startedAt, t.status),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    organizationId: uuid("organization_id").references(() => organizations.id),
    action: text("action").notNull(),
    targetId: text("target_id"),
    detail: jsonb("detail"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_organization_idx").on(t.organizationId, t.createdAt)],
);

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

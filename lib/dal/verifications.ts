import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { parseRoleArn, type RoleArn } from "@/lib/aws/arn";
import type { VerificationResult } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { getConnection, getConnectionForCheck, type ConnectionStatus } from "./connections";
import { eventsCommitted } from "@/lib/events/notify";
import { recordAudit } from "./audit";
import { DalError } from "./errors";
import { connectionJson, insertEvents } from "./event-data";
import { actorOf, type Viewer } from "./viewer";

/** What a verification needs to know about a connection. */
export type VerificationTarget = {
  connectionId: string;
  organizationId: string;
  role: RoleArn;
  externalId: string;
  /** Added recently and never verified: IAM may still be propagating the role. */
  fresh: boolean;
};

const FRESH_FOR_MS = 60 * 60 * 1000;

/** Added under an hour ago and never verified: IAM may still be propagating the role, so verification waits for it. */
export function isFresh(connection: { lastVerifiedAt: Date | null; createdAt: Date }, now: Date): boolean {
  return connection.lastVerifiedAt === null && now.getTime() - connection.createdAt.getTime() < FRESH_FOR_MS;
}

/** The connection to verify, if the viewer may verify it (its own organisation's, or any for an admin). */
export async function verificationTarget(viewer: Viewer, connectionId: string, now = new Date()): Promise<VerificationTarget> {
  const connection = await getConnectionForCheck(viewer, connectionId);
  if (connection.status === "disconnected") throw new DalError("conflict", "This connection was removed. Add the role again to check it.");
  const parsed = parseRoleArn(connection.roleArn);
  if (!parsed.ok) throw new DalError("not_found", "Connection not found.");
  return {
    connectionId: connection.id,
    organizationId: connection.organizationId,
    role: parsed.role,
    externalId: connection.externalId,
    fresh: isFresh(connection, now),
  };
}

export type Trigger = (typeof verifications.$inferInsert)["trigger"];

/**
 * Appends the verification to the history, sets the connection's status from it and, when the
 * status changed, writes its event (`connection.verified`, `.failed`, `.insecure`), atomically:
 * one statement (the history insert and the event are data-modifying CTEs of the status update)
 * rather than a transaction, so a connection lost while recording leaves no open transaction
 * behind on a reserved driver connection. A result older than the connection's last check does
 * not overwrite it (two concurrent checks: the later start wins), and a removed connection stays
 * removed. A draft that verifies becomes a connection like any other. A check that was stopped before it finished proves nothing: it is kept in the history,
 * and the connection keeps the status its last finished check gave it (the customer is told
 * nothing changed).
 */
export async function recordVerification(input: {
  target: VerificationTarget;
  trigger: Trigger;
  actorUserId: string | null;
  actorApiKeyId?: string | null;
  result: VerificationResult;
}): Promise<void> {
  const { target, result } = input;
  const startedAt = new Date(result.startedAt);
  const finishedAt = new Date(startedAt.getTime() + result.durationMs);
  const status: ConnectionStatus = result.status;
  const db = getDb();
  const history = db.insert(verifications).values({
    connectionId: target.connectionId,
    organizationId: target.organizationId,
    trigger: input.trigger,
    actorUserId: input.actorUserId,
    actorApiKeyId: input.actorApiKeyId ?? null,
    status,
    startedAt,
    durationMs: Math.round(result.durationMs),
    checks: result.checks,
    failureCode: result.failure?.code ?? null,
    externalId: target.externalId,
  });
  if (result.failure?.code === "aborted") {
    await history;
    return;
  }
  const started = sql`${startedAt.toISOString()}::timestamptz`;
  const finished = sql`${finishedAt.toISOString()}::timestamptz`;
  // PostgreSQL runs every data-modifying CTE to completion whether or not the statement reads it.
  // `previous` locks the row and keeps the status it had, which RETURNING alone cannot give.
  await db.execute(sql`
    with appended as ${history.returning({ id: verifications.id })},
    previous as (
      select id, status from connections
      where id = ${target.connectionId} and status <> 'disconnected' and (last_checked_at is null or last_checked_at <= ${started})
      for update
    ),
    updated as (
      -- Quoted as the query builder writes it: tests/faults/db-outage.test.ts cuts the link on this statement's text.
      update "connections" c set
        status = ${status}::connection_status,
        last_checked_at = ${started},
        last_verified_at = ${status === "verified" ? finished : sql`c.last_verified_at`},
        last_failure_code = ${result.failure?.code ?? null},
        last_failure_message = ${result.failure?.title ?? null},
        draft = c.draft and ${status}::connection_status <> 'verified',
        updated_at = ${finished}
      from previous p where c.id = p.id
      returning c.*, p.status as previous_status
    )
    ${insertEvents(sql`'connection.' || u.status::text`, sql`u.organization_id`, connectionJson("u"), sql`from updated u where u.previous_status <> u.status`)}`);
  eventsCommitted();
}

/**
 * Notes in the audit log that a verification was asked for through the partner API (its outcome
 * is in the history): every write through the API is audited with its key.
 */
export async function auditApiVerification(viewer: Viewer, target: VerificationTarget, status: ConnectionStatus): Promise<void> {
  if (!viewer.apiKeyId) return;
  await recordAudit(getDb(), { ...actorOf(viewer), organizationId: target.organizationId, action: "connection.verify", targetId: target.connectionId, detail: { status } });
}

export type VerificationRecord = typeof verifications.$inferSelect;

/** A connection's verification history, newest first. */
export async function listVerifications(viewer: Viewer, connectionId: string, limit = 50): Promise<VerificationRecord[]> {
  const connection = await getConnection(viewer, connectionId);
  return getDb()
    .select()
    .from(verifications)
    .where(eq(verifications.connectionId, connection.id))
    .orderBy(desc(verifications.startedAt))
    .limit(limit);
}

import "server-only";
import { and, eq, isNull, lte, ne, or, sql } from "drizzle-orm";
import { parseRoleArn } from "@/lib/aws/arn";
import type { VerificationResult } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { connections, organizations, verifications } from "@/lib/db/schema";
import { recordAudit } from "./audit";
import { getConnection } from "./connections";
import { eventsCommitted } from "@/lib/events/notify";
import { DalError } from "./errors";
import { connectionEvent } from "./event-data";
import type { VerificationTarget } from "./verifications";
import type { Viewer } from "./viewer";

/**
 * After an External ID rotation, a customer updates its role stack to the new ID and tells us.
 * We verify with the organisation's current ID and only when that succeeds switch the connection
 * to it; until then the connection keeps verifying with the ID stored on it.
 */

/** A connection of the viewer's organisation whose stack still has a previous External ID. */
export type StackUpdateNeeded = { id: string; accountId: string; roleArn: string };

/** The member's active connections still on a previous External ID (members only). */
export async function ownConnectionsNeedingStackUpdate(viewer: Viewer): Promise<StackUpdateNeeded[]> {
  if (viewer.role !== "member" || !viewer.organizationId) throw new DalError("forbidden", "Only members of a customer organisation see this.");
  return getDb()
    .select({ id: connections.id, accountId: connections.accountId, roleArn: connections.roleArn })
    .from(connections)
    .innerJoin(organizations, eq(organizations.id, connections.organizationId))
    .where(
      and(
        eq(connections.organizationId, viewer.organizationId),
        ne(connections.status, "disconnected"),
        ne(connections.externalId, organizations.externalId),
      ),
    )
    .orderBy(connections.accountId);
}

/** What to verify to confirm a stack update: the connection with the organisation's current ID. */
export type StackUpdateTarget = VerificationTarget & { previousExternalId: string };

/** The stack-update check for a connection the viewer may verify (its own organisation's, or any for an admin). */
export async function stackUpdateTarget(viewer: Viewer, connectionId: string): Promise<StackUpdateTarget> {
  const connection = await getConnection(viewer, connectionId);
  if (connection.status === "disconnected") throw new DalError("conflict", "This connection was removed. Add the role again to check it.");
  const [row] = await getDb()
    .select({ previous: connections.externalId, current: organizations.externalId })
    .from(connections)
    .innerJoin(organizations, eq(organizations.id, connections.organizationId))
    .where(eq(connections.id, connection.id));
  const parsed = parseRoleArn(connection.roleArn);
  if (!row || !parsed.ok) throw new DalError("not_found", "Connection not found.");
  if (row.previous === row.current) throw new DalError("conflict", "This connection already uses your current External ID.");
  // The stack was just updated: IAM may take a moment to apply the new trust policy, so retry denials for a while.
  return { connectionId: connection.id, organizationId: connection.organizationId, role: parsed.role, externalId: row.current, fresh: true, previousExternalId: row.previous };
}

/**
 * Records a stack-update check and, when it verified, switches the connection to the new ID, in one
 * transaction. The switch happens only if the connection still has the ID it was read with and the
 * organisation still has the one verified (no rotation in between). A failed check is kept in the
 * history but leaves the connection as it was: the previous ID may well still work.
 */
export async function recordStackUpdate(input: {
  target: StackUpdateTarget;
  actorUserId: string | null;
  actorApiKeyId?: string | null;
  result: VerificationResult;
}): Promise<{ switched: boolean }> {
  const { target, result } = input;
  const startedAt = new Date(result.startedAt);
  const finishedAt = new Date(startedAt.getTime() + result.durationMs);
  const outcome = await getDb().transaction(async (tx) => {
    await tx.insert(verifications).values({
      connectionId: target.connectionId,
      organizationId: target.organizationId,
      trigger: "manual",
      actorUserId: input.actorUserId,
      actorApiKeyId: input.actorApiKeyId ?? null,
      status: result.status,
      startedAt,
      durationMs: Math.round(result.durationMs),
      checks: result.checks,
      failureCode: result.failure?.code ?? null,
      externalId: target.externalId,
    });
    if (result.status !== "verified") return { switched: false };
    const [before] = await tx.select({ status: connections.status }).from(connections).where(eq(connections.id, target.connectionId)).for("update");
    const [switched] = await tx
      .update(connections)
      .set({ externalId: target.externalId, updatedAt: finishedAt })
      .where(
        and(
          eq(connections.id, target.connectionId),
          eq(connections.externalId, target.previousExternalId),
          ne(connections.status, "disconnected"),
          sql`exists (select 1 from ${organizations} where ${organizations.id} = ${connections.organizationId} and ${organizations.externalId} = ${target.externalId})`,
        ),
      )
      .returning({ id: connections.id });
    if (!switched) return { switched: false };
    // As in recordVerification: a check that started before the connection's last one does not overwrite its status.
    const statusSet = await tx
      .update(connections)
      .set({ status: "verified", lastCheckedAt: startedAt, lastVerifiedAt: finishedAt, lastFailureCode: null, lastFailureMessage: null })
      .where(and(eq(connections.id, target.connectionId), or(isNull(connections.lastCheckedAt), lte(connections.lastCheckedAt, startedAt))))
      .returning({ id: connections.id });
    await tx.execute(connectionEvent("connection.external_id_changed", target.connectionId));
    if (statusSet.length > 0 && before?.status !== "verified") await tx.execute(connectionEvent("connection.verified", target.connectionId));
    await recordAudit(tx, { actorUserId: input.actorUserId, actorApiKeyId: input.actorApiKeyId ?? null, organizationId: target.organizationId, action: "connection.external-id-switch", targetId: target.connectionId });
    return { switched: true };
  });
  if (outcome.switched) eventsCommitted();
  return outcome;
}

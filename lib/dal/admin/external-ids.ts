import "server-only";
import { and, asc, count, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { generateExternalId } from "@/lib/aws/external-id";
import { getDb } from "@/lib/db/client";
import { connections, externalIds, organizations } from "@/lib/db/schema";
import { recordAudit } from "../audit";
import type { ConnectionStatus } from "../connections";
import { eventsCommitted } from "@/lib/events/notify";
import { DalError, pgErrorCode, UNIQUE_VIOLATION } from "../errors";
import { organizationEvent } from "../event-data";
import { actorOf, assertAdmin, type Viewer } from "../viewer";

/** An External ID the organisation was issued, and how many active connections still present it. */
export type IssuedExternalId = { externalId: string; createdAt: Date; retiredAt: Date | null; current: boolean; connectionCount: number };

/** A connection whose stack still carries an External ID the organisation has rotated away from. */
export type OldIdConnection = { id: string; accountId: string; roleArn: string; status: ConnectionStatus; externalId: string; lastVerifiedAt: Date | null };

const MAX_ATTEMPTS = 5;
const NOT_FOUND = () => new DalError("not_found", "Organisation not found.");

/**
 * Issues a new External ID to an organisation (admins only): new stacks get it from now on, the old
 * one is retired in `external_ids`, and connections keep the ID stored on them until their stack is
 * updated. One transaction with the organisation's row locked, so two rotations cannot interleave.
 */
export async function rotateExternalId(viewer: Viewer, organizationId: string, now = new Date()): Promise<{ externalId: string }> {
  assertAdmin(viewer);
  for (let attempt = 1; ; attempt++) {
    try {
      const rotated = await getDb().transaction(async (tx) => {
        const [org] = await tx
          .select({ id: organizations.id, externalId: organizations.externalId })
          .from(organizations)
          .where(eq(organizations.id, organizationId))
          .for("update");
        if (!org) throw NOT_FOUND();
        const externalId = generateExternalId();
        await tx.insert(externalIds).values({ externalId, organizationId: org.id, createdAt: now });
        await tx
          .update(externalIds)
          .set({ retiredAt: now })
          .where(and(eq(externalIds.organizationId, org.id), ne(externalIds.externalId, externalId), isNull(externalIds.retiredAt)));
        await tx.update(organizations).set({ externalId }).where(eq(organizations.id, org.id));
        await tx.execute(organizationEvent("organization.external_id_rotated", org.id));
        await recordAudit(tx, { ...actorOf(viewer), organizationId: org.id, action: "organization.external-id-rotate", targetId: org.id });
        return { externalId };
      });
      eventsCommitted();
      return rotated;
    } catch (error) {
      // Only a collision of random ids could trip the unique keys; a fresh id settles it.
      if (pgErrorCode(error) === UNIQUE_VIOLATION && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}

/** The External IDs an organisation was issued, newest first (admins only); at most `limit`. */
export async function listIssuedExternalIds(viewer: Viewer, organizationId: string, limit?: number): Promise<IssuedExternalId[]> {
  assertAdmin(viewer);
  const inUse = sql<number>`(select count(*)::int from ${connections} where ${connections.organizationId} = ${externalIds.organizationId}
    and ${connections.externalId} = ${externalIds.externalId} and ${connections.status} <> 'disconnected')`;
  return getDb()
    .select({
      externalId: externalIds.externalId,
      createdAt: externalIds.createdAt,
      retiredAt: externalIds.retiredAt,
      current: sql<boolean>`${externalIds.externalId} = ${organizations.externalId}`,
      connectionCount: inUse,
    })
    .from(externalIds)
    .innerJoin(organizations, eq(organizations.id, externalIds.organizationId))
    .where(eq(externalIds.organizationId, organizationId))
    .orderBy(desc(externalIds.createdAt))
    .limit(limit ?? Number.MAX_SAFE_INTEGER);
}

/** How many External IDs an organisation was issued (admins only). */
export async function countIssuedExternalIds(viewer: Viewer, organizationId: string): Promise<number> {
  assertAdmin(viewer);
  const [row] = await getDb().select({ n: count() }).from(externalIds).where(eq(externalIds.organizationId, organizationId));
  return row?.n ?? 0;
}

const onOldId = sql`${connections.externalId} <> ${organizations.externalId} and ${connections.status} <> 'disconnected'`;

/** An organisation's active connections still on a previous External ID (admins only); at most `limit`. */
export async function listConnectionsOnOldExternalId(viewer: Viewer, organizationId: string, limit?: number): Promise<OldIdConnection[]> {
  assertAdmin(viewer);
  return getDb()
    .select({
      id: connections.id,
      accountId: connections.accountId,
      roleArn: connections.roleArn,
      status: connections.status,
      externalId: connections.externalId,
      lastVerifiedAt: connections.lastVerifiedAt,
    })
    .from(connections)
    .innerJoin(organizations, eq(organizations.id, connections.organizationId))
    .where(and(eq(connections.organizationId, organizationId), onOldId))
    .orderBy(asc(connections.accountId), asc(connections.id))
    .limit(limit ?? Number.MAX_SAFE_INTEGER);
}


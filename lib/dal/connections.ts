import "server-only";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { parseRoleArn, type RoleArn } from "@/lib/aws/arn";
import { getDb } from "@/lib/db/client";
import { connections, organizations } from "@/lib/db/schema";
import { recordAudit } from "./audit";
import { DalError, pgErrorCode, UNIQUE_VIOLATION } from "./errors";
import { eventsCommitted } from "@/lib/events/notify";
import { connectionEvent } from "./event-data";
import { isUuid } from "./ids";
import { actorOf, scopeOrganization, type Viewer } from "./viewer";

export type ConnectionStatus = (typeof connections.$inferSelect)["status"];

export type ConnectionView = {
  id: string;
  organizationId: string;
  roleArn: string;
  accountId: string;
  partition: string;
  roleName: string;
  status: ConnectionStatus;
  lastCheckedAt: Date | null;
  lastVerifiedAt: Date | null;
  lastFailureCode: string | null;
  lastFailureMessage: string | null;
  /** Pasted by a member and not verified yet: replaced rather than kept when the ARN is corrected. */
  draft: boolean;
  createdAt: Date;
};

const viewColumns = {
  id: connections.id,
  organizationId: connections.organizationId,
  roleArn: connections.roleArn,
  accountId: connections.accountId,
  partition: connections.partition,
  roleName: connections.roleName,
  status: connections.status,
  lastCheckedAt: connections.lastCheckedAt,
  lastVerifiedAt: connections.lastVerifiedAt,
  lastFailureCode: connections.lastFailureCode,
  lastFailureMessage: connections.lastFailureMessage,
  draft: connections.draft,
  createdAt: connections.createdAt,
} as const;

const NOT_FOUND = () => new DalError("not_found", "Connection not found.");

/** A member's own organisation, or a refusal for anyone else (admins act through the dashboard). */
function ownOrganization(viewer: Viewer): string {
  if (viewer.role !== "member" || !viewer.organizationId) {
    throw new DalError("forbidden", "Only members of a customer organisation can connect its accounts.");
  }
  return viewer.organizationId;
}

/** The connections of the viewer's organisation that are not removed, newest first. */
export async function listOwnConnections(viewer: Viewer): Promise<ConnectionView[]> {
  const organizationId = ownOrganization(viewer);
  return getDb()
    .select(viewColumns)
    .from(connections)
    .where(and(eq(connections.organizationId, organizationId), ne(connections.status, "disconnected")))
    .orderBy(desc(connections.createdAt));
}

/** One connection: a member's own organisation's, any for an admin; others read as not found. */
export async function getConnection(viewer: Viewer, id: string): Promise<ConnectionView> {
  const { externalId: _, ...view } = await getConnectionForCheck(viewer, id);
  return view;
}

/** The same, with the External ID the connection's stack was created with (what verification presents). */
export async function getConnectionForCheck(viewer: Viewer, id: string): Promise<ConnectionView & { externalId: string }> {
  if (!isUuid(id)) throw NOT_FOUND();
  const [row] = await getDb()
    .select({ ...viewColumns, externalId: connections.externalId })
    .from(connections)
    .where(eq(connections.id, id))
    .limit(1);
  if (!row) throw NOT_FOUND();
  try {
    scopeOrganization(viewer, row.organizationId);
  } catch {
    throw NOT_FOUND();
  }
  return row;
}

/** Where a new connection goes: a member's own organisation; for the partner, the one it names. */
function targetOrganization(viewer: Viewer, requested: string | undefined): string {
  if (viewer.role !== "admin") return ownOrganization(viewer);
  if (!isUuid(requested)) throw new DalError("not_found", "Organisation not found.");
  return requested;
}

/**
 * Saves a role ARN as a `pending` connection, with the organisation's current External ID: a
 * member's into its own organisation, as a draft until it verifies; the partner's (admins, API keys)
 * into the one named. `replaces` names the member's draft that this ARN corrects: it is retired
 * (removed from view, its history kept), so a typo leaves no failed connection behind. Pasting the
 * ARN of a draft again reuses that draft. Invalid ARNs and duplicates are refused on the field.
 * Announced as `connection.created`.
 */
export async function addConnection(
  viewer: Viewer,
  input: { roleArn: unknown; partitions?: RoleArn["partition"][]; organizationId?: string; replaces?: string },
): Promise<ConnectionView> {
  const organizationId = targetOrganization(viewer, input.organizationId);
  const parsed = parseRoleArn(input.roleArn, input.partitions ? { partitions: input.partitions } : {});
  if (!parsed.ok) throw new DalError("invalid", parsed.message, "roleArn");
  const { role } = parsed;
  const draft = viewer.role === "member";
  const db = getDb();
  try {
    const added = await db.transaction(async (tx) => {
      const [org] = await tx.select({ externalId: organizations.externalId }).from(organizations).where(eq(organizations.id, organizationId));
      if (!org) throw new DalError("not_found", "Organisation not found.");
      const [existing] = await tx
        .select({ ...viewColumns })
        .from(connections)
        .where(and(eq(connections.organizationId, organizationId), eq(connections.roleArn, role.arn)));
      if (existing && existing.status !== "disconnected" && !(draft && existing.draft)) {
        throw new DalError("conflict", `This role is already connected (status: ${existing.status}). Re-verify it from Accounts.`, "roleArn");
      }
      if (draft && isUuid(input.replaces) && input.replaces !== existing?.id) await retireDraft(tx, organizationId, input.replaces);
      if (existing && existing.status !== "disconnected") return existing;
      const values = { accountId: role.accountId, partition: role.partition, roleName: role.name, externalId: org.externalId, status: "pending" as const, draft };
      const [row] = existing
        ? await tx
            .update(connections)
            .set({ ...values, lastCheckedAt: null, lastVerifiedAt: null, lastFailureCode: null, lastFailureMessage: null, nextCheckAt: null, inconclusiveChecks: 0, updatedAt: new Date() })
            .where(eq(connections.id, existing.id))
            .returning(viewColumns)
        : await tx.insert(connections).values({ ...values, organizationId, roleArn: role.arn, createdBy: viewer.userId }).returning(viewColumns);
      if (!row) throw new Error("connection write returned no row");
      await tx.execute(connectionEvent("connection.created", row.id));
      await recordAudit(tx, { ...actorOf(viewer), organizationId, action: "connection.add", targetId: row.id, detail: { roleArn: role.arn } });
      return row;
    });
    eventsCommitted();
    return added;
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new DalError("conflict", "This role is already connected.", "roleArn");
    throw error;
  }
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

/** Takes a draft out of view (`disconnected`, still a draft): only the organisation's own, never a verified connection. */
async function retireDraft(tx: Tx, organizationId: string, id: string): Promise<void> {
  await tx
    .update(connections)
    .set({ status: "disconnected", updatedAt: new Date() })
    .where(and(eq(connections.id, id), eq(connections.organizationId, organizationId), eq(connections.draft, true), ne(connections.status, "disconnected")));
}

/** Disconnects a connection: it stops being used and checked; its history stays. Announced as `connection.disconnected`. */
export async function removeConnection(viewer: Viewer, id: string): Promise<void> {
  const connection = await getConnection(viewer, id);
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(connections)
      .set({ status: "disconnected", updatedAt: new Date() })
      .where(and(eq(connections.id, connection.id), eq(connections.organizationId, connection.organizationId), ne(connections.status, "disconnected")))
      .returning({ id: connections.id });
    if (!row) throw NOT_FOUND();
    await tx.execute(connectionEvent("connection.disconnected", row.id));
    await recordAudit(tx, { ...actorOf(viewer), organizationId: connection.organizationId, action: "connection.remove", targetId: id });
  });
  eventsCommitted();
}

/** Whether the member's organisation has connections and every one of them is verified (drafts aside): then its home is Accounts. */
export async function allOwnConnectionsVerified(viewer: Viewer): Promise<boolean> {
  const organizationId = ownOrganization(viewer);
  const [row] = await getDb()
    .select({ total: sql<number>`count(*)::int`, verified: sql<number>`count(*) filter (where ${connections.status} = 'verified')::int` })
    .from(connections)
    .where(and(eq(connections.organizationId, organizationId), eq(connections.draft, false), ne(connections.status, "disconnected")));
  return (row?.total ?? 0) > 0 && row?.verified === row?.total;
}

/** What the onboarding page needs to know about a connection a launched stack registered. */
export type RegistrationView = Pick<ConnectionView, "id" | "accountId" | "roleArn"> & {
  status: Exclude<ConnectionStatus, "disconnected">;
  failure: string | null;
};

/**
 * The member's organisation's newest registered connection (not a pasted draft) created or checked
 * since `since`, if any: what a page waiting for its stack polls. One indexed row at most.
 */
export async function newestOwnRegistration(viewer: Viewer, since: Date): Promise<RegistrationView | null> {
  const organizationId = ownOrganization(viewer);
  const at = sql`${since.toISOString()}::timestamptz`;
  const [row] = await getDb()
    .select({ id: connections.id, accountId: connections.accountId, roleArn: connections.roleArn, status: connections.status, failure: connections.lastFailureMessage })
    .from(connections)
    .where(
      and(
        eq(connections.organizationId, organizationId),
        eq(connections.draft, false),
        ne(connections.status, "disconnected"),
        sql`(${connections.createdAt} >= ${at} or ${connections.lastCheckedAt} >= ${at})`,
      ),
    )
    .orderBy(desc(sql`greatest(${connections.createdAt}, coalesce(${connections.lastCheckedAt}, ${connections.createdAt}))`))
    .limit(1);
  if (!row || row.status === "disconnected") return null;
  return { ...row, status: row.status, failure: row.status === "verified" ? null : row.failure };
}

import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { isUuid } from "../ids";
import { assertAdmin, type Viewer } from "../viewer";

/** A role ARN a member pasted that has not verified yet: onboarding the customer has not finished. */
export type DraftConnection = { id: string; accountId: string; roleArn: string; lastFailureMessage: string | null; createdAt: Date; lastCheckedAt: Date | null };

/** One organisation's unfinished drafts, newest first (admins only); replaced drafts are not listed. */
export async function listDraftConnections(viewer: Viewer, organizationId: string): Promise<DraftConnection[]> {
  assertAdmin(viewer);
  if (!isUuid(organizationId)) return [];
  return getDb()
    .select({
      id: connections.id,
      accountId: connections.accountId,
      roleArn: connections.roleArn,
      lastFailureMessage: connections.lastFailureMessage,
      createdAt: connections.createdAt,
      lastCheckedAt: connections.lastCheckedAt,
    })
    .from(connections)
    .where(and(eq(connections.organizationId, organizationId), eq(connections.draft, true), ne(connections.status, "disconnected")))
    .orderBy(desc(connections.createdAt))
    .limit(50);
}

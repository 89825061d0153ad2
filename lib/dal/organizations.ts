import "server-only";
import { eq } from "drizzle-orm";
import { generateExternalId } from "@/lib/aws/external-id";
import { getDb } from "@/lib/db/client";
import { externalIds, organizations } from "@/lib/db/schema";
import { recordAudit } from "./audit";
import { eventsCommitted } from "@/lib/events/notify";
import { DalError, pgErrorCode, UNIQUE_VIOLATION } from "./errors";
import { organizationEvent } from "./event-data";
import { isUuid } from "./ids";
import { actorOf, assertAdmin, scopeOrganization, type Viewer } from "./viewer";

export type OrganizationDetail = { id: string; name: string; externalId: string; createdAt: Date };

/** One organisation, with its External ID: a member sees only its own, an admin any. */
export async function getOrganization(viewer: Viewer, id: string): Promise<OrganizationDetail> {
  if (!isUuid(id)) throw new DalError("not_found", "Organisation not found.");
  const scoped = scopeOrganization(viewer, id);
  const [row] = await getDb()
    .select({ id: organizations.id, name: organizations.name, externalId: organizations.externalId, createdAt: organizations.createdAt })
    .from(organizations)
    .where(eq(organizations.id, scoped))
    .limit(1);
  if (!row) throw new DalError("not_found", "Organisation not found.");
  return row;
}

/** The caller's own organisation (members only). */
export async function getOwnOrganization(viewer: Viewer): Promise<OrganizationDetail> {
  if (!viewer.organizationId) throw new DalError("not_found", "You are not a member of a customer organisation.");
  return getOrganization(viewer, viewer.organizationId);
}

const MAX_ID_ATTEMPTS = 5;

/** Creates a customer organisation with a server-generated External ID (admins only). */
export async function createOrganization(viewer: Viewer, input: { name: string }): Promise<OrganizationDetail> {
  assertAdmin(viewer);
  const db = getDb();
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await db.transaction(async (tx) => {
        const externalId = generateExternalId();
        const [row] = await tx
          .insert(organizations)
          .values({ name: input.name, externalId })
          .returning({ id: organizations.id, name: organizations.name, externalId: organizations.externalId, createdAt: organizations.createdAt });
        if (!row) throw new Error("insert returned no row");
        await tx.insert(externalIds).values({ externalId, organizationId: row.id });
        await tx.execute(organizationEvent("organization.created", row.id));
        await recordAudit(tx, { ...actorOf(viewer), organizationId: row.id, action: "organization.create", targetId: row.id });
        return row;
      });
      eventsCommitted();
      return created;
    } catch (error) {
      // A collision of 128-bit random ids is practically impossible, but the unique index decides.
      if (pgErrorCode(error) === UNIQUE_VIOLATION && attempt < MAX_ID_ATTEMPTS) continue;
      throw error;
    }
  }
}

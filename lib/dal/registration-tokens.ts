import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { hashToken } from "@/lib/crypto/tokens";
import { isRegistrationTokenShaped, registrationToken } from "@/lib/crypto/registration-token";
import { getDb } from "@/lib/db/client";
import { organizations, registrationTokens } from "@/lib/db/schema";
import { recordAudit } from "./audit";
import { DalError } from "./errors";
import { isUuid } from "./ids";
import { actorOf, assertAdmin, scopeOrganization, type Viewer } from "./viewer";

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

/** Retires the organisation's live token (if any) and issues a new one, in the caller's transaction. */
async function replaceToken(tx: Tx, organizationId: string, createdBy: string | null): Promise<string> {
  await tx
    .update(registrationTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(registrationTokens.organizationId, organizationId), isNull(registrationTokens.revokedAt)));
  const id = randomUUID();
  const { token, hash } = registrationToken(id);
  await tx.insert(registrationTokens).values({ id, organizationId, tokenHash: hash, createdBy });
  return token;
}

/**
 * The organisation's live registration token, for its launch link: a member's own organisation's,
 * any for an admin. Issued on first need; reissued if the server key changed (the old one could no
 * longer be shown, so it could not be in any link made from now on).
 */
export async function registrationTokenFor(viewer: Viewer, organizationId: string): Promise<string> {
  if (!isUuid(organizationId)) throw new DalError("not_found", "Organisation not found.");
  const scoped = scopeOrganization(viewer, organizationId);
  const db = getDb();
  const [live] = await db
    .select({ id: registrationTokens.id, tokenHash: registrationTokens.tokenHash })
    .from(registrationTokens)
    .where(and(eq(registrationTokens.organizationId, scoped), isNull(registrationTokens.revokedAt)))
    .limit(1);
  if (live) {
    const { token, hash } = registrationToken(live.id);
    if (hash === live.tokenHash) return token;
  }
  // Locking the organisation's row makes concurrent first uses issue one token, not race on the index.
  return db.transaction(async (tx) => {
    const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, scoped)).for("update");
    if (!org) throw new DalError("not_found", "Organisation not found.");
    const [current] = await tx
      .select({ id: registrationTokens.id, tokenHash: registrationTokens.tokenHash })
      .from(registrationTokens)
      .where(and(eq(registrationTokens.organizationId, scoped), isNull(registrationTokens.revokedAt)))
      .limit(1);
    if (current) {
      const again = registrationToken(current.id);
      if (again.hash === current.tokenHash) return again.token;
    }
    return replaceToken(tx, scoped, null);
  });
}

/** When the organisation's live token was issued (null: none yet), for the admin page. */
export async function registrationTokenIssuedAt(viewer: Viewer, organizationId: string): Promise<Date | null> {
  assertAdmin(viewer);
  if (!isUuid(organizationId)) throw new DalError("not_found", "Organisation not found.");
  const [live] = await getDb()
    .select({ createdAt: registrationTokens.createdAt })
    .from(registrationTokens)
    .where(and(eq(registrationTokens.organizationId, organizationId), isNull(registrationTokens.revokedAt)))
    .limit(1);
  return live?.createdAt ?? null;
}

/**
 * Revokes the organisation's registration token and issues a new one (admins only, audited): from
 * now on a stack launched with an old link is refused, and links shown from now on carry the new one.
 */
export async function revokeRegistrationToken(viewer: Viewer, organizationId: string): Promise<void> {
  assertAdmin(viewer);
  if (!isUuid(organizationId)) throw new DalError("not_found", "Organisation not found.");
  await getDb().transaction(async (tx) => {
    const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update");
    if (!org) throw new DalError("not_found", "Organisation not found.");
    await replaceToken(tx, organizationId, viewer.userId);
    await recordAudit(tx, { ...actorOf(viewer), organizationId, action: "registration_token.revoke", targetId: organizationId });
  });
}

/** A registration token as a stack presented it: its row, live or revoked, or null when it is no token of ours. */
export type TokenMatch = { id: string; organizationId: string; live: boolean };

/** Looks a presented token up by its hash (the worker's and the receiver's use; no viewer). */
export async function findRegistrationToken(token: unknown): Promise<TokenMatch | null> {
  if (!isRegistrationTokenShaped(token)) return null;
  const [row] = await getDb()
    .select({ id: registrationTokens.id, organizationId: registrationTokens.organizationId, revokedAt: registrationTokens.revokedAt })
    .from(registrationTokens)
    .where(eq(registrationTokens.tokenHash, hashToken(token)))
    .limit(1);
  return row ? { id: row.id, organizationId: row.organizationId, live: row.revokedAt === null } : null;
}

/** A token row by id, as it is now (it may have been revoked since the request arrived). */
export async function registrationTokenById(id: string): Promise<TokenMatch | null> {
  const [row] = await getDb()
    .select({ id: registrationTokens.id, organizationId: registrationTokens.organizationId, revokedAt: registrationTokens.revokedAt })
    .from(registrationTokens)
    .where(eq(registrationTokens.id, id))
    .limit(1);
  return row ? { id: row.id, organizationId: row.organizationId, live: row.revokedAt === null } : null;
}

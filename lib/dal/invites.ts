import "server-only";
import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/crypto/password";
import { getConfig } from "@/lib/config";
import { hashToken, isTokenShaped, newToken } from "@/lib/crypto/tokens";
import { getDb } from "@/lib/db/client";
import { invites, organizations, users } from "@/lib/db/schema";
import { mailQueued } from "@/lib/mail/notify";
import { inviteMessage } from "@/lib/mail/templates";
import { recordAudit } from "./audit";
import { DalError, pgErrorCode, UNIQUE_VIOLATION } from "./errors";
import { enqueueMail } from "./mail-outbox";
import { actorOf, assertAdmin, type Viewer } from "./viewer";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InviteState = "pending" | "accepted" | "revoked" | "expired";
export type InviteSummary = { id: string; email: string; createdAt: Date; expiresAt: Date; state: InviteState };

function stateOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InviteState {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

const EMAIL_TAKEN = "An account with this e-mail already exists.";

/** The address an invite's token opens (absolute, from APP_URL). */
export function inviteUrl(token: string): string {
  return `${getConfig().appUrl}/invite/${token}`;
}

/**
 * Invites a customer member to an organisation (admins only) and queues the invite e-mail in the
 * same transaction. Returns the one-time token, which is stored only hashed.
 */
export async function createInvite(
  viewer: Viewer,
  input: { organizationId: string; email: string },
  now = new Date(),
): Promise<{ id: string; token: string; expiresAt: Date }> {
  assertAdmin(viewer);
  const email = input.email.trim().toLowerCase();
  const db = getDb();
  const created = await db.transaction(async (tx) => {
    const [org] = await tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(eq(organizations.id, input.organizationId));
    if (!org) throw new DalError("not_found", "Organisation not found.");
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (taken) throw new DalError("conflict", EMAIL_TAKEN);
    // A new invite replaces any pending one for the same person: only the newest link works.
    await tx
      .update(invites)
      .set({ revokedAt: now })
      .where(and(eq(invites.organizationId, org.id), eq(invites.email, email), isNull(invites.acceptedAt), isNull(invites.revokedAt)));
    const { token, hash } = newToken();
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
    const [row] = await tx
      .insert(invites)
      .values({ organizationId: org.id, email, tokenHash: hash, createdBy: viewer.userId, createdAt: now, expiresAt })
      .returning({ id: invites.id });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, { ...actorOf(viewer), organizationId: org.id, action: "invite.create", targetId: row.id, detail: { email } });
    const message = inviteMessage({
      appUrl: getConfig().appUrl,
      inviteUrl: inviteUrl(token),
      organizationName: org.name,
      inviterName: viewer.apiKeyId ? "Your partner" : viewer.name,
      expiresAt,
    });
    await enqueueMail(tx, [{ recipient: email, message, dedupeKey: `invite:${row.id}` }]);
    return { id: row.id, token, expiresAt };
  });
  mailQueued();
  return created;
}

/** An organisation's invites, newest first (admins only). */
export async function listInvites(viewer: Viewer, organizationId: string, now = new Date(), limit?: number): Promise<InviteSummary[]> {
  assertAdmin(viewer);
  const rows = await getDb()
    .select({ id: invites.id, email: invites.email, createdAt: invites.createdAt, expiresAt: invites.expiresAt, acceptedAt: invites.acceptedAt, revokedAt: invites.revokedAt })
    .from(invites)
    .where(eq(invites.organizationId, organizationId))
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(limit ?? Number.MAX_SAFE_INTEGER);
  return rows.map((r) => ({ id: r.id, email: r.email, createdAt: r.createdAt, expiresAt: r.expiresAt, state: stateOf(r, now) }));
}

/** How many of an organisation's invites are in each state (admins only): the totals beside a bounded list. */
export async function countInvites(viewer: Viewer, organizationId: string, now = new Date()): Promise<Record<InviteState, number>> {
  assertAdmin(viewer);
  const at = now.toISOString();
  const state = sql<InviteState>`case when ${invites.acceptedAt} is not null then 'accepted' when ${invites.revokedAt} is not null then 'revoked'
    when ${invites.expiresAt} <= ${at}::timestamptz then 'expired' else 'pending' end`;
  const rows = await getDb().select({ state, n: count() }).from(invites).where(eq(invites.organizationId, organizationId)).groupBy(sql`1`); // by the state column (its parameters would not match a repeated expression)
  const counts: Record<InviteState, number> = { pending: 0, accepted: 0, revoked: 0, expired: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

/** Revokes a pending invite (admins only); `not_found` unless it is still pending. */
export async function revokeInvite(viewer: Viewer, inviteId: string, now = new Date()): Promise<void> {
  assertAdmin(viewer);
  const [row] = await getDb()
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.id, inviteId), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now)))
    .returning({ id: invites.id, organizationId: invites.organizationId });
  if (!row) throw new DalError("not_found", "This invite is no longer pending.");
  await recordAudit(getDb(), { ...actorOf(viewer), organizationId: row.organizationId, action: "invite.revoke", targetId: row.id });
}

const UNUSABLE: Record<Exclude<InviteState, "pending">, DalError> = {
  accepted: new DalError("conflict", "This invite has already been used. Sign in instead, or ask for a new invite."),
  revoked: new DalError("expired", "This invite was withdrawn. Ask your contact for a new one."),
  expired: new DalError("expired", "This invite has expired. Ask your contact for a new one."),
};
const UNKNOWN = new DalError("not_found", "This invite link is not valid. Check that you copied all of it.");

/** What an invite link is for (public: the token is the credential). */
export async function previewInvite(token: unknown, now = new Date()): Promise<{ email: string; organizationName: string }> {
  if (!isTokenShaped(token)) throw UNKNOWN;
  const [row] = await getDb()
    .select({ email: invites.email, organizationName: organizations.name, expiresAt: invites.expiresAt, acceptedAt: invites.acceptedAt, revokedAt: invites.revokedAt })
    .from(invites)
    .innerJoin(organizations, eq(organizations.id, invites.organizationId))
    .where(eq(invites.tokenHash, hashToken(token)));
  if (!row) throw UNKNOWN;
  const state = stateOf(row, now);
  if (state !== "pending") throw UNUSABLE[state];
  return { email: row.email, organizationName: row.organizationName };
}

/** Accepts an invite: creates the member account and uses up the invite, atomically. */
export async function acceptInvite(token: unknown, input: { name: string; password: string }, now = new Date()): Promise<{ email: string }> {
  await previewInvite(token, now); // the precise reason when the link is unusable
  const passwordHash = await hashPassword(input.password);
  try {
    return await getDb().transaction(async (tx) => {
      // The conditional update is the single-use guarantee: of two concurrent accepts, one matches.
      const [invite] = await tx
        .update(invites)
        .set({ acceptedAt: now })
        .where(and(eq(invites.tokenHash, hashToken(token as string)), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now)))
        .returning({ id: invites.id, organizationId: invites.organizationId, email: invites.email });
      if (!invite) throw UNUSABLE.accepted;
      const [user] = await tx
        .insert(users)
        .values({ email: invite.email, name: input.name, passwordHash, role: "member", organizationId: invite.organizationId })
        .returning({ id: users.id });
      if (!user) throw new Error("insert returned no row");
      await tx.update(invites).set({ acceptedBy: user.id }).where(eq(invites.id, invite.id));
      await recordAudit(tx, { actorUserId: user.id, organizationId: invite.organizationId, action: "invite.accept", targetId: invite.id });
      return { email: invite.email };
    });
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new DalError("conflict", EMAIL_TAKEN);
    throw error;
  }
}

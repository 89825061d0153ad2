import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, notExists, sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "@/lib/crypto/password";
import { getDb } from "@/lib/db/client";
import { endedSessions, users } from "@/lib/db/schema";
import { recordAudit } from "./audit";
import { DalError, pgErrorCode, UNIQUE_VIOLATION } from "./errors";
import { isUuid } from "./ids";
import { assertAdmin, type UserViewer, type Viewer } from "./viewer";

const viewerColumns = {
  userId: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  organizationId: users.organizationId,
  passwordChangeRequired: users.passwordChangeRequired,
  mfaEnabled: sql<boolean>`${users.totpEnabledAt} is not null`,
} as const;

/** What a session cookie says of itself besides the user id (see lib/auth/options.ts). */
export type SessionClaims = {
  /** The account's session version when the session began (a new account's sessions are version 0). */
  version?: number;
  /** The session's own id, for signing it out; sessions from before ids were issued have none. */
  id?: string;
  /** How the session was signed in (a password when not said). */
  method?: "password" | "sso";
  /** When it was signed in (ms since the epoch). */
  signedInAt?: number;
};

/**
 * The viewer for a session of `userId`, or null when the account no longer exists, its password
 * has changed since the session began, or the session was signed out.
 */
export async function loadViewer(userId: string, session: SessionClaims = {}): Promise<UserViewer | null> {
  const version = session.version ?? 0;
  if (!isUuid(userId) || !Number.isSafeInteger(version) || (session.id !== undefined && !isUuid(session.id))) return null;
  const ended = session.id === undefined ? undefined : notExists(getDb().select().from(endedSessions).where(eq(endedSessions.sessionId, session.id)));
  const [row] = await getDb()
    .select(viewerColumns)
    .from(users)
    .where(and(eq(users.id, userId), eq(users.sessionVersion, version), ended))
    .limit(1);
  if (!row) return null;
  const signedInAt = typeof session.signedInAt === "number" && Number.isFinite(session.signedInAt) ? session.signedInAt : undefined;
  return { ...row, signedInWith: session.method === "sso" ? "sso" : "password", ...(signedInAt === undefined ? {} : { signedInAt }) };
}

/**
 * Checks an e-mail and password; null for a wrong pair, in the same time whether or not the e-mail
 * exists. With the viewer comes the session version a new session carries.
 */
export async function authenticate(email: string, password: string): Promise<(UserViewer & { sessionVersion: number }) | null> {
  const [row] = await getDb()
    .select({ ...viewerColumns, passwordHash: users.passwordHash, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  if (!(await verifyPassword(row?.passwordHash, password)) || !row) return null;
  const { passwordHash: _omit, ...viewer } = row;
  return { ...viewer, signedInWith: "password" };
}

/** Creates a partner admin; `conflict` when the e-mail is taken. */
export async function createAdmin(input: {
  email: string;
  name: string;
  password: string;
  passwordChangeRequired?: boolean;
}): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await getDb()
      .insert(users)
      .values({
        email: input.email.trim().toLowerCase(),
        name: input.name,
        passwordHash,
        role: "admin",
        passwordChangeRequired: input.passwordChangeRequired ?? false,
      })
      .returning({ id: users.id });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(getDb(), { actorUserId: null, organizationId: null, action: "admin.create", targetId: row.id });
    return row;
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new DalError("conflict", "An account with this e-mail already exists.");
    throw error;
  }
}

/**
 * Makes sure the first partner admin exists. ADMIN_EMAIL with ADMIN_PASSWORD declares an admin, created
 * when no account has that e-mail (an existing account is never changed). Otherwise, with no admin at all,
 * one is created with a random one-time password that must be changed at first sign-in. Returns what to print.
 */
export async function ensureFirstAdmin(admin: { email?: string; password?: string }): Promise<
  { created: false } | { created: true; email: string; oneTimePassword?: string }
> {
  const db = getDb();
  if (admin.email && admin.password) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, admin.email)).limit(1);
    if (existing) return { created: false };
    await createAdmin({ email: admin.email, name: "Partner admin", password: admin.password });
    return { created: true, email: admin.email };
  }
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
  if (existing) return { created: false };
  const email = admin.email ?? "admin@rolegate.local";
  const oneTimePassword = randomBytes(18).toString("base64url");
  await createAdmin({ email, name: "Partner admin", password: oneTimePassword, passwordChangeRequired: true });
  return { created: true, email, oneTimePassword };
}

/**
 * Changes the viewer's own password after checking the current one, and ends every session that
 * began before (a stolen session cookie stops working). Returns the new session version, for the
 * caller to keep its own session.
 */
export async function changePassword(viewer: UserViewer, current: string, next: string): Promise<number> {
  const [row] = await getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, viewer.userId)).limit(1);
  if (!row || !(await verifyPassword(row.hash, current))) {
    throw new DalError("invalid", "The current password is wrong.");
  }
  if (current === next) throw new DalError("invalid", "Choose a password different from the current one.");
  const [updated] = await getDb()
    .update(users)
    .set({ passwordHash: await hashPassword(next), passwordChangeRequired: false, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, viewer.userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (!updated) throw new DalError("not_found", "This account no longer exists.");
  await recordAudit(getDb(), { actorUserId: viewer.userId, organizationId: viewer.organizationId, action: "user.password-change" });
  return updated.sessionVersion;
}

export type MemberSummary = { id: string; email: string; name: string; createdAt: Date };

/** The members of an organisation (admins only). */
export async function listMembers(viewer: Viewer, organizationId: string, limit?: number): Promise<MemberSummary[]> {
  assertAdmin(viewer);
  return getDb()
    .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.role, "member")))
    .orderBy(users.email)
    .limit(limit ?? Number.MAX_SAFE_INTEGER);
}

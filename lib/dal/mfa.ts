import "server-only";
import { createHash, randomInt } from "node:crypto";
import { and, count, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { type Db, getDb } from "@/lib/db/client";
import { recoveryCodes, users } from "@/lib/db/schema";
import { openSecret, sealSecret } from "@/lib/security/secret-box";
import { isTotpCode, newTotpSecret, totpStep, totpUri } from "@/lib/security/totp";
import { mailQueued } from "@/lib/mail/notify";
import { recordAudit } from "./audit";
import { enqueueMfaChangeNotice } from "./mail-fanout";
import { DalError } from "./errors";
import type { UserViewer } from "./viewer";

/**
 * Two-factor authentication for password accounts: a TOTP secret, sealed at rest, and ten recovery
 * codes kept as hashes. A TOTP code is good once (the step it matched is remembered), a recovery
 * code is good once (it is marked used).
 */

const PURPOSE = "totp";
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i to misread

export type MfaStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number; hasPassword: boolean };

/** Whether the viewer's account has two-factor sign-in, since when, how many recovery codes remain, and whether it has a password to enrol with. */
export async function mfaStatus(viewer: UserViewer): Promise<MfaStatus> {
  const [row] = await getDb().select({ enabledAt: users.totpEnabledAt, hasPassword: sql<boolean>`${users.passwordHash} is not null` }).from(users).where(eq(users.id, viewer.userId)).limit(1);
  const [left] = await getDb()
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, viewer.userId), isNull(recoveryCodes.usedAt)));
  return { enabled: Boolean(row?.enabledAt), enabledAt: row?.enabledAt ?? null, recoveryCodesLeft: left?.n ?? 0, hasPassword: Boolean(row?.hasPassword) };
}

/** A new secret to enrol with (replacing any unfinished enrolment); refused while two-factor sign-in is on. */
export async function startMfaEnrolment(viewer: UserViewer): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret();
  const [row] = await getDb()
    .update(users)
    .set({ totpSecret: sealSecret(secret, PURPOSE), totpLastStep: null })
    .where(and(eq(users.id, viewer.userId), isNull(users.totpEnabledAt)))
    .returning({ id: users.id });
  if (!row) throw new DalError("conflict", "Two-factor authentication is already on. Turn it off first to enrol another app.");
  return { secret, uri: totpUri(secret, viewer.email) };
}

/** The unfinished enrolment's secret and URI, to show it again after a wrong code; null when there is none. */
export async function pendingMfaEnrolment(viewer: UserViewer): Promise<{ secret: string; uri: string } | null> {
  const [row] = await getDb()
    .select({ sealed: users.totpSecret })
    .from(users)
    .where(and(eq(users.id, viewer.userId), isNull(users.totpEnabledAt), isNotNull(users.totpSecret)))
    .limit(1);
  if (!row?.sealed) return null;
  const secret = openSecret(row.sealed, PURPOSE);
  return { secret, uri: totpUri(secret, viewer.email) };
}

/** Finishes enrolment with a code from the app; returns the recovery codes, shown this once. */
export async function confirmMfaEnrolment(viewer: UserViewer, code: string, now = Date.now()): Promise<string[]> {
  const pending = await pendingMfaEnrolment(viewer);
  if (!pending) throw new DalError("conflict", "Start the enrolment again: there is no authenticator app waiting to be confirmed.");
  const step = totpStep(pending.secret, code, now);
  if (step === null) throw new DalError("invalid", "That code is not right. Enter the 6-digit code your app shows now.", "code");
  const codes = await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ totpEnabledAt: new Date(now), totpLastStep: step })
      .where(and(eq(users.id, viewer.userId), isNull(users.totpEnabledAt), isNotNull(users.totpSecret)))
      .returning({ id: users.id });
    if (!row) throw new DalError("conflict", "Two-factor authentication is already on.");
    const codes = await replaceRecoveryCodes(tx, viewer.userId);
    await recordAudit(tx, { actorUserId: viewer.userId, organizationId: viewer.organizationId, action: "user.mfa-enable" });
    await enqueueMfaChangeNotice(tx, viewer, "enabled", new Date(now));
    return codes;
  });
  mailQueued();
  return codes;
}

/** Turns two-factor sign-in off: the secret and recovery codes are deleted. */
export async function disableMfa(viewer: UserViewer): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(and(eq(users.id, viewer.userId), isNotNull(users.totpEnabledAt)))
      .returning({ id: users.id });
    if (!row) throw new DalError("conflict", "Two-factor authentication is already off.");
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, viewer.userId));
    await recordAudit(tx, { actorUserId: viewer.userId, organizationId: viewer.organizationId, action: "user.mfa-disable" });
    await enqueueMfaChangeNotice(tx, viewer, "disabled", new Date());
  });
  mailQueued();
}

/** New recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(viewer: UserViewer): Promise<string[]> {
  const codes = await getDb().transaction(async (tx) => {
    const [row] = await tx.select({ on: users.totpEnabledAt }).from(users).where(eq(users.id, viewer.userId)).for("update");
    if (!row?.on) throw new DalError("conflict", "Turn on two-factor authentication first.");
    const codes = await replaceRecoveryCodes(tx, viewer.userId);
    await recordAudit(tx, { actorUserId: viewer.userId, organizationId: viewer.organizationId, action: "user.mfa-recovery-codes" });
    await enqueueMfaChangeNotice(tx, viewer, "recovery-codes", new Date());
    return codes;
  });
  mailQueued();
  return codes;
}

/**
 * Checks a second factor for an account with two-factor sign-in on: a TOTP code not used before,
 * or an unused recovery code (which is then spent). False for anything else, including accounts
 * without two-factor sign-in.
 */
export async function spendSecondFactor(userId: string, code: string, now = Date.now()): Promise<boolean> {
  if (isTotpCode(code)) {
    const [row] = await getDb().select({ sealed: users.totpSecret }).from(users).where(and(eq(users.id, userId), isNotNull(users.totpEnabledAt))).limit(1);
    if (!row?.sealed) return false;
    const step = totpStep(openSecret(row.sealed, PURPOSE), code, now);
    if (step === null) return false;
    // Atomic: two requests with the same code cannot both pass.
    const [used] = await getDb()
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, userId), isNotNull(users.totpEnabledAt), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .returning({ id: users.id });
    return Boolean(used);
  }
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) return false;
  const [spent] = await getDb()
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(normalized)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return Boolean(spent);
}

type Executor = Pick<Db, "insert" | "delete">;

async function replaceRecoveryCodes(tx: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(normalizeRecoveryCode(c)!) })));
  return codes;
}

/** Ten letters and digits (about 49 bits), shown as two groups of five. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** A recovery code as typed (any case, with or without the dash and spaces), or null when it cannot be one. */
function normalizeRecoveryCode(code: string): string | null {
  const bare = code.toLowerCase().replace(/[\s-]/g, "");
  return /^[a-z0-9]{10}$/.test(bare) ? bare : null;
}

function hashRecoveryCode(normalized: string): string {
  return createHash("sha256").update(`rolegate-recovery:${normalized}`).digest("hex");
}

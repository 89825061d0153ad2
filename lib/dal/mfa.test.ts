import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { mailOutbox, users } from "@/lib/db/schema";
import { totpCode } from "@/lib/security/totp";
import { newAdmin, setupDatabase } from "@/tests/support/db";
import { loadViewer } from "./users";
import { confirmMfaEnrolment, disableMfa, mfaStatus, pendingMfaEnrolment, regenerateRecoveryCodes, spendSecondFactor, startMfaEnrolment } from "./mfa";

beforeAll(setupDatabase);

const STEP = 30_000;
// Far from any real clock, so each test's codes are its own.
const t0 = Date.parse("2032-06-01T12:00:00Z");

/** An admin with two-factor sign-in on, its secret and recovery codes. */
async function enrolled() {
  const admin = await newAdmin();
  const { secret } = await startMfaEnrolment(admin);
  const codes = await confirmMfaEnrolment(admin, totpCode(secret, t0), t0);
  return { admin: (await loadViewer(admin.userId))!, secret, codes };
}

describe("two-factor authentication", () => {
  it("enrols with a code from the app; the secret is sealed at rest and the viewer says it is on", async () => {
    const admin = await newAdmin();
    expect(admin.mfaEnabled).toBe(false);
    const { secret, uri } = await startMfaEnrolment(admin);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Rolegate:.*\?.*secret=/);
    const [row] = await getDb().select({ sealed: users.totpSecret }).from(users).where(eq(users.id, admin.userId));
    expect(row!.sealed).toMatch(/^v1\./);
    expect(row!.sealed).not.toContain(secret);
    // Not on until confirmed: a wrong code changes nothing.
    await expect(confirmMfaEnrolment(admin, "000000", t0)).rejects.toThrow(/not right/);
    expect((await mfaStatus(admin)).enabled).toBe(false);
    expect(await spendSecondFactor(admin.userId, totpCode(secret, t0), t0)).toBe(false);
    const codes = await confirmMfaEnrolment(admin, totpCode(secret, t0), t0);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await loadViewer(admin.userId))!.mfaEnabled).toBe(true);
    expect(await mfaStatus(admin)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(await pendingMfaEnrolment(admin)).toBeNull();
    await expect(startMfaEnrolment(admin)).rejects.toThrow(/already on/);
    // The owner is told, so a change they did not make does not go unseen.
    const mail = await getDb().select({ subject: mailOutbox.subject }).from(mailOutbox).where(eq(mailOutbox.recipient, admin.email));
    expect(mail.map((m) => m.subject)).toEqual(["Two-factor authentication is on for your Rolegate account"]);
  });

  it("takes each code once: not the one used to enrol, not twice, not an older one after a newer", async () => {
    const { admin, secret } = await enrolled();
    expect(await spendSecondFactor(admin.userId, totpCode(secret, t0), t0 + 1000)).toBe(false);
    const later = t0 + 2 * STEP;
    expect(await spendSecondFactor(admin.userId, totpCode(secret, later), later)).toBe(true);
    expect(await spendSecondFactor(admin.userId, totpCode(secret, later), later)).toBe(false);
    // One step of drift either way is accepted, but not a step already passed.
    expect(await spendSecondFactor(admin.userId, totpCode(secret, later - STEP), later)).toBe(false);
    expect(await spendSecondFactor(admin.userId, totpCode(secret, later + STEP), later)).toBe(true);
    // Far from now: refused.
    const muchLater = later + 10 * STEP;
    expect(await spendSecondFactor(admin.userId, totpCode(secret, muchLater - 3 * STEP), muchLater)).toBe(false);
  });

  it("lets two requests with the same code pass only once", async () => {
    const { admin, secret } = await enrolled();
    const at = t0 + 4 * STEP;
    const code = totpCode(secret, at);
    const results = await Promise.all(Array.from({ length: 5 }, () => spendSecondFactor(admin.userId, code, at)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("takes each recovery code once, as typed in any case with or without the dash", async () => {
    const { admin, codes } = await enrolled();
    const [first, second] = codes;
    expect(await spendSecondFactor(admin.userId, ` ${first!.toUpperCase().replace("-", "")} `)).toBe(true);
    expect(await spendSecondFactor(admin.userId, first!)).toBe(false);
    expect((await mfaStatus(admin)).recoveryCodesLeft).toBe(9);
    // Another account's code is no good here.
    const other = await enrolled();
    expect(await spendSecondFactor(admin.userId, other.codes[0]!)).toBe(false);
    // New codes replace the old ones.
    const fresh = await regenerateRecoveryCodes(admin);
    expect(await spendSecondFactor(admin.userId, second!)).toBe(false);
    expect(await spendSecondFactor(admin.userId, fresh[0]!)).toBe(true);
    expect(await spendSecondFactor(admin.userId, "not-a-code")).toBe(false);
  });

  it("turned off, forgets the secret and the codes, and can be enrolled again with a new secret", async () => {
    const { admin, secret, codes } = await enrolled();
    await disableMfa(admin);
    const [row] = await getDb().select({ sealed: users.totpSecret, on: users.totpEnabledAt }).from(users).where(eq(users.id, admin.userId));
    expect(row).toEqual({ sealed: null, on: null });
    expect(await spendSecondFactor(admin.userId, codes[1]!)).toBe(false);
    expect(await spendSecondFactor(admin.userId, totpCode(secret, t0 + 6 * STEP), t0 + 6 * STEP)).toBe(false);
    await expect(disableMfa(admin)).rejects.toThrow(/already off/);
    const mail = await getDb().select({ subject: mailOutbox.subject }).from(mailOutbox).where(eq(mailOutbox.recipient, admin.email));
    expect(mail.map((m) => m.subject).sort()).toEqual([
      "Two-factor authentication is on for your Rolegate account",
      "Two-factor authentication was turned off for your Rolegate account",
    ]);
    const again = await startMfaEnrolment(admin);
    expect(again.secret).not.toBe(secret);
  });
});

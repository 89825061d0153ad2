import { beforeAll, describe, expect, it } from "vitest";
import { backoffPause, consumeBackoff, consumeRateLimit, releaseRateLimit } from "@/lib/dal/rate-limit";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { mailOutbox } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase, uniqueEmail } from "@/tests/support/db";
import { REAUTH_LIMITS, reauthSucceeded, SIGN_IN_LIMITS, signInSucceeded, startReauthAttempt, startSignInAttempt } from "./sign-in-limits";

beforeAll(setupDatabase);

const address = () => `192.0.2.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;

describe("sign-in limits", () => {
  const { perAccount, perAccountAndAddress: pair } = SIGN_IN_LIMITS;
  const at = (t0: Date, ms: number) => new Date(t0.getTime() + ms);

  it("pause one address after a few failures against an account, twice as long after each, and forget a quiet hour", async () => {
    const email = uniqueEmail();
    const from = address();
    const t0 = new Date("2031-01-01T00:00:00Z");
    for (let i = 0; i < pair.free; i++) expect(await startSignInAttempt(email, from, at(t0, i))).toBe(true);
    const last = at(t0, pair.free - 1);
    expect(await startSignInAttempt(email, from, at(last, pair.firstPauseMs - 1))).toBe(false);
    expect(await startSignInAttempt(` ${email.toUpperCase()} `, from, at(last, pair.firstPauseMs - 1))).toBe(false);
    // Another address is not held up by this one's failures.
    expect(await startSignInAttempt(email, address(), at(last, 1))).toBe(true);
    const next = at(last, pair.firstPauseMs);
    expect(await startSignInAttempt(email, from, next)).toBe(true);
    expect(await startSignInAttempt(email, from, at(next, 2 * pair.firstPauseMs - 1))).toBe(false);
    expect(await startSignInAttempt(email, from, at(next, 2 * pair.firstPauseMs))).toBe(true);
    expect(await startSignInAttempt(email, from, at(next, 2 * pair.firstPauseMs + pair.forgetAfterMs))).toBe(true);
    expect(await startSignInAttempt(email, from, at(next, 2 * pair.firstPauseMs + pair.forgetAfterMs + 1))).toBe(true);
  });

  it("let the owner in from their usual address while strangers hammer the account from many addresses", async () => {
    const email = uniqueEmail();
    const home = address();
    expect(await startSignInAttempt(email, home)).toBe(true);
    await signInSucceeded(email, home);
    const spellings = [email, email.toUpperCase(), ` ${email}`, `${email}  `, email.replace(/^./, (c) => c.toUpperCase())];
    const attempts = [];
    for (let i = 0; i < 3 * perAccount.limit; i++) attempts.push(await startSignInAttempt(spellings[i % spellings.length]!, address()));
    expect(attempts.filter(Boolean)).toHaveLength(perAccount.limit);
    expect(attempts.slice(perAccount.limit).some(Boolean)).toBe(false);
    // A stranger stays refused, right password or not (it is not checked); the owner at home is let in, again and again.
    expect(await startSignInAttempt(email, address())).toBe(false);
    for (let i = 0; i < 3; i++) {
      expect(await startSignInAttempt(email, home)).toBe(true);
      await signInSucceeded(email, home);
    }
    // The owner's own typos at home still pause only home's attempts.
    for (let i = 0; i < pair.free; i++) expect(await startSignInAttempt(email, home)).toBe(true);
    expect(await startSignInAttempt(email, home)).toBe(false);
  });

  it("e-mail the owner once when the account's limit is passed, and nobody for an account that does not exist", async () => {
    const admin = await newAdmin();
    const owner = await newMember(admin, await newOrganization(admin));
    const stranger = uniqueEmail();
    for (let i = 0; i < 2 * perAccount.limit; i++) {
      await startSignInAttempt(i % 2 ? owner.email.toUpperCase() : owner.email, address());
      await startSignInAttempt(stranger, address());
    }
    const sent = async (to: string) => {
      // Queued after the attempt is answered: wait for it.
      for (let i = 0; i < 50; i++) {
        const rows = await getDb().select().from(mailOutbox).where(and(eq(mailOutbox.recipient, to), eq(mailOutbox.category, "security")));
        if (rows.length > 0 || to === stranger) return rows;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return [];
    };
    const mail = await sent(owner.email);
    expect(mail.map((m) => [m.category, m.subject])).toEqual([["security", "Many failed sign-ins to your Rolegate account"]]);
    expect(mail[0]!.link).toMatch(/^https?:\/\/[^/]+\/account\/password$/);
    expect(mail[0]!.text).toContain(mail[0]!.link);
    expect(mail[0]!.text).toContain(`more than ${perAccount.limit} failed attempts`);
    expect(await sent(stranger)).toEqual([]);
  });

  it("count only failures: a correct password gives its attempt back", async () => {
    const email = uniqueEmail();
    const from = address();
    for (let i = 0; i < 3 * perAccount.limit; i++) {
      expect(await startSignInAttempt(email, from)).toBe(true);
      await signInSucceeded(email, from);
    }
  });

  it("check at most the account's limit of passwords in a burst of concurrent guesses from many addresses", async () => {
    const email = uniqueEmail();
    const attempts = await Promise.all(Array.from({ length: 3 * perAccount.limit }, () => startSignInAttempt(email, address())));
    expect(attempts.filter(Boolean)).toHaveLength(perAccount.limit);
  });

  it("check at most the free tries in a burst of concurrent guesses from one address", async () => {
    const email = uniqueEmail();
    const from = address();
    const attempts = await Promise.all(Array.from({ length: 4 * pair.free }, () => startSignInAttempt(email, from)));
    expect(attempts.filter(Boolean)).toHaveLength(pair.free);
  });

  it("block an address that fails across many accounts", async () => {
    const from = address();
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.limit; i++) await consumeRateLimit(`sign-in:address:${from}`, SIGN_IN_LIMITS.perAddress);
    expect(await startSignInAttempt(uniqueEmail(), from)).toBe(false);
    expect(await startSignInAttempt(uniqueEmail(), undefined)).toBe(true);
  });
});

describe("re-authentication limits", () => {
  it("are not used up by strangers failing to sign in to the account, from anywhere", async () => {
    const admin = await newAdmin();
    const home = address();
    for (let i = 0; i < 3 * SIGN_IN_LIMITS.perAccount.limit; i++) await startSignInAttempt(admin.email, address());
    for (let i = 0; i < 2 * SIGN_IN_LIMITS.perAccountAndAddress.free; i++) await startSignInAttempt(admin.email, home);
    expect(await startSignInAttempt(admin.email, address())).toBe(false);
    // The signed-in owner still confirms, again and again, from where they are.
    for (let i = 0; i < 3 * REAUTH_LIMITS.perAccountAndAddress.free; i++) {
      expect(await startReauthAttempt(admin.userId, home)).toBe(true);
      await reauthSucceeded(admin.userId, home);
    }
  });

  it("pause an open session's wrong passwords, and cap them for the account across addresses", async () => {
    const admin = await newAdmin();
    const from = address();
    for (let i = 0; i < REAUTH_LIMITS.perAccountAndAddress.free; i++) expect(await startReauthAttempt(admin.userId, from)).toBe(true);
    expect(await startReauthAttempt(admin.userId, from)).toBe(false);
    const elsewhere = [];
    for (let i = 0; i < 2 * REAUTH_LIMITS.perAccount.limit; i++) elsewhere.push(await startReauthAttempt(admin.userId, address()));
    expect(elsewhere.filter(Boolean)).toHaveLength(REAUTH_LIMITS.perAccount.limit - REAUTH_LIMITS.perAccountAndAddress.free);
    // Another account is not held back by this one's.
    expect(await startReauthAttempt((await newAdmin()).userId, from)).toBe(true);
  });
});

describe("growing pauses", () => {
  it("are free at first, then double up to their cap", () => {
    const policy = { free: 2, firstPauseMs: 1_000, maxPauseMs: 5_000, forgetAfterMs: 60_000 };
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffPause(n, policy))).toEqual([0, 0, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });
});

describe("fixed windows", () => {
  it("reset once the window has passed", async () => {
    const key = `test:${uniqueEmail()}`;
    const limit = { limit: 2, windowMs: 60_000 };
    const t0 = new Date("2030-01-01T00:00:00Z");
    expect((await consumeRateLimit(key, limit, t0)).allowed).toBe(true);
    expect((await consumeRateLimit(key, limit, t0)).allowed).toBe(true);
    const third = await consumeRateLimit(key, limit, new Date(t0.getTime() + 30_000));
    expect(third).toMatchObject({ allowed: false, retryAfterMs: 30_000, remaining: 0, count: 3 });
    expect((await consumeRateLimit(key, limit, new Date(t0.getTime() + 60_001))).allowed).toBe(true);
  });

  it("count every one of many concurrent uses", async () => {
    const key = `test:${uniqueEmail()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(key, { limit: 5, windowMs: 60_000 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it("give a use back, never below zero", async () => {
    const key = `test:${uniqueEmail()}`;
    const limit = { limit: 1, windowMs: 60_000 };
    expect((await consumeRateLimit(key, limit)).allowed).toBe(true);
    await releaseRateLimit(key);
    await releaseRateLimit(key);
    expect((await consumeRateLimit(key, limit)).allowed).toBe(true);
    expect((await consumeRateLimit(key, limit)).allowed).toBe(false);
  });
  it("let concurrent attempts within the free tries through in whatever order they take the row", async () => {
    // Two requests at once: the one that read the clock later takes the row first.
    const key = `backoff:${crypto.randomUUID()}`;
    const policy = SIGN_IN_LIMITS.perAccountAndAddress;
    const t0 = new Date("2031-01-01T00:00:00Z");
    expect((await consumeBackoff(key, policy, new Date(t0.getTime() + 50))).allowed).toBe(true);
    expect((await consumeBackoff(key, policy, t0)).allowed).toBe(true);
    for (let i = 2; i < policy.free; i++) expect((await consumeBackoff(key, policy, t0)).allowed).toBe(true);
    // Past the free tries the pause counts from the latest attempt.
    expect((await consumeBackoff(key, policy, new Date(t0.getTime() + 50 + policy.firstPauseMs - 1))).allowed).toBe(false);
    expect((await consumeBackoff(key, policy, new Date(t0.getTime() + 50 + policy.firstPauseMs))).allowed).toBe(true);
  });
  it("keep every attempt answering while successes clear the address's run of failures at the same moment", async () => {
    const email = uniqueEmail();
    const from = address();
    // Several sign-ins of one account from one address at once, as a fuzzer or a script sends them: each
    // takes its attempt, checks the password (a pause) and, being right, clears the run. None may fail.
    const signIn = async () => {
      for (let i = 0; i < 25; i++) {
        expect(typeof (await startSignInAttempt(email, from))).toBe("boolean");
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        await signInSucceeded(email, from);
      }
    };
    await Promise.all(Array.from({ length: 8 }, signIn));
  });
});

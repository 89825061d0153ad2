import { beforeAll, describe, expect, it } from "vitest";
import { consumeRateLimit, releaseRateLimit } from "@/lib/dal/rate-limit";
import { setupDatabase, uniqueEmail } from "@/tests/support/db";
import { SIGN_IN_LIMITS, signInSucceeded, startSignInAttempt } from "./sign-in-limits";

beforeAll(setupDatabase);

const address = () => `192.0.2.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;

describe("sign-in limits", () => {
  it("block an account after its allowed failures, whatever the address, and not its neighbours", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount.limit - 1; i++) expect(await startSignInAttempt(email, `10.0.0.${i}`)).toBe(true);
    expect(await startSignInAttempt(email.toUpperCase(), "10.0.0.99")).toBe(true);
    expect(await startSignInAttempt(email, "10.1.1.1")).toBe(false);
    expect(await startSignInAttempt(uniqueEmail(), address())).toBe(true);
  });

  it("count only failures: a correct password gives its attempt back", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3 * SIGN_IN_LIMITS.perAccount.limit; i++) {
      expect(await startSignInAttempt(email, undefined)).toBe(true);
      await signInSucceeded(email, undefined);
    }
  });

  it("check at most the limit of passwords in a burst of concurrent guesses", async () => {
    const email = uniqueEmail();
    const attempts = await Promise.all(Array.from({ length: 3 * SIGN_IN_LIMITS.perAccount.limit }, () => startSignInAttempt(email, address())));
    expect(attempts.filter(Boolean)).toHaveLength(SIGN_IN_LIMITS.perAccount.limit);
  });

  it("block an address that fails across many accounts", async () => {
    const from = address();
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.limit; i++) await consumeRateLimit(`sign-in:address:${from}`, SIGN_IN_LIMITS.perAddress);
    expect(await startSignInAttempt(uniqueEmail(), from)).toBe(false);
    expect(await startSignInAttempt(uniqueEmail(), undefined)).toBe(true);
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
    expect(third).toEqual({ allowed: false, retryAfterMs: 30_000, remaining: 0 });
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
});

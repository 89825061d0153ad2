import { beforeAll, describe, expect, it } from "vitest";
import { consumeRateLimit } from "@/lib/dal/rate-limit";
import { setupDatabase, uniqueEmail } from "@/tests/support/db";
import { recordSignInFailure, SIGN_IN_LIMITS, signInBlocked } from "./sign-in-limits";

beforeAll(setupDatabase);

describe("sign-in limits", () => {
  it("block an account after its allowed failures, whatever the address, and not its neighbours", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount.limit - 1; i++) await recordSignInFailure(email, `10.0.0.${i}`);
    expect(await signInBlocked(email, "10.1.1.1")).toBe(false);
    await recordSignInFailure(email.toUpperCase(), "10.0.0.99");
    expect(await signInBlocked(email, "10.1.1.1")).toBe(true);
    expect(await signInBlocked(uniqueEmail(), "10.1.1.1")).toBe(false);
  });

  it("block an address that fails across many accounts", async () => {
    const address = `192.0.2.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.limit; i++) await consumeRateLimit(`sign-in:address:${address}`, SIGN_IN_LIMITS.perAddress);
    expect(await signInBlocked(uniqueEmail(), address)).toBe(true);
    expect(await signInBlocked(uniqueEmail(), undefined)).toBe(false);
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
    expect(third).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect((await consumeRateLimit(key, limit, new Date(t0.getTime() + 60_001))).allowed).toBe(true);
  });

  it("count every one of many concurrent uses", async () => {
    const key = `test:${uniqueEmail()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(key, { limit: 5, windowMs: 60_000 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });
});

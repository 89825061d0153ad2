import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { takeStsBudget } from "@/lib/dal/sts-budget";
import { setupDatabase } from "@/tests/support/db";
import { StsBudget } from "./sts-budget";

beforeAll(async () => {
  await setupDatabase();
});

/** Acquires 4 calls at a time for `ms`, on each budget in parallel; returns the calls each got. */
async function drain(budgets: StsBudget[], ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  return Promise.all(
    budgets.map(async (budget) => {
      let calls = 0;
      while (Date.now() < end) {
        await budget.acquire(4);
        if (Date.now() <= end) calls += 4;
      }
      return calls;
    }),
  );
}

describe("the STS budget", () => {
  it("grants up to the limit in a window, then says when the window turns", async () => {
    const key = `test-budget:${randomUUID()}`;
    expect(await takeStsBudget({ key, want: 30, limit: 40, windowMs: 500 })).toMatchObject({ granted: 30 });
    const partial = await takeStsBudget({ key, want: 30, limit: 40, windowMs: 500 });
    expect(partial.granted).toBe(10);
    expect(partial.retryAfterMs).toBeGreaterThan(0);
    expect(partial.retryAfterMs).toBeLessThanOrEqual(500);
    expect((await takeStsBudget({ key, want: 4, limit: 40, windowMs: 500 })).granted).toBe(0);
    await new Promise((r) => setTimeout(r, partial.retryAfterMs + 20));
    expect((await takeStsBudget({ key, want: 4, limit: 40, windowMs: 500 })).granted).toBe(4);
  });

  it("holds the rate across instances sharing the database", async () => {
    const key = `test-budget:${randomUUID()}`;
    const make = () => new StsBudget({ key, callsPerSecond: 400, windowMs: 100, take: takeStsBudget });
    const got = await drain([make(), make(), make()], 1_000);
    const total = got.reduce((a, b) => a + b, 0);
    expect(got.every((n) => n > 0)).toBe(true);
    // One second plus the window in progress at each end.
    expect(total).toBeLessThanOrEqual(400 + 2 * 40);
    // More than one window's worth: the budget refills. How close it comes to 400 depends on how fast
    // this machine answers the database, not on the budget's logic.
    expect(total).toBeGreaterThan(40);
  });

  it("uses only its share of the budget after throttling", async () => {
    const key = `test-budget:${randomUUID()}`;
    const [calls = 0] = await drain([new StsBudget({ key, callsPerSecond: 400, windowMs: 100, take: takeStsBudget, factor: () => 0.25 })], 1_000);
    expect(calls).toBeLessThanOrEqual(100 + 2 * 10);
    expect(calls).toBeGreaterThan(10);
  });
});

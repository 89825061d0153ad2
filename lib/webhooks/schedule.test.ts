import { describe, expect, it } from "vitest";
import { RETRY_DELAYS_MS, retryDelayMs } from "./schedule";

describe("webhook retry schedule", () => {
  it("retries the first failure within 10 s, whatever the jitter", () => {
    for (const r of [0, 0.5, 0.999]) expect(retryDelayMs(1, () => r)!).toBeLessThanOrEqual(10_000);
  });

  it("grows to hours and spans about a day, then gives up", () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20 * 3_600_000);
    expect(total).toBeLessThan(30 * 3_600_000);
    for (let n = 2; n <= RETRY_DELAYS_MS.length; n++) expect(retryDelayMs(n, () => 0.5)!).toBeGreaterThanOrEqual(retryDelayMs(n - 1, () => 0.5)!);
    expect(retryDelayMs(RETRY_DELAYS_MS.length + 1)).toBeNull();
  });

  it("spreads retries by ±20%", () => {
    expect(retryDelayMs(3, () => 0)).toBe(240_000);
    expect(retryDelayMs(3, () => 1)).toBe(360_000);
  });
});

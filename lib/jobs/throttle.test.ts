import { describe, expect, it } from "vitest";
import type { Clock } from "@/lib/aws/retry";
import { ThrottleBackoff } from "./throttle";

function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000;
  return {
    now: () => now,
    random: () => 0.5,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

const options = { baseMs: 1_000, capMs: 8_000, recoveryMs: 30_000, minFactor: 0.1 };

describe("ThrottleBackoff", () => {
  it("runs at full rate with no pause until STS throttles", async () => {
    const throttle = new ThrottleBackoff({ ...options, clock: fakeClock() });
    expect(throttle.factor()).toBe(1);
    expect(throttle.remainingMs()).toBe(0);
  });

  it("pauses everyone and halves the rate; throttles during the pause are the same wave", async () => {
    const clock = fakeClock();
    const throttle = new ThrottleBackoff({ ...options, clock });
    throttle.report();
    throttle.report();
    throttle.report();
    expect(throttle.pauses).toBe(1);
    expect(throttle.remainingMs()).toBe(750); // equal jitter: half of 1 s fixed, half random
    expect(throttle.factor()).toBeCloseTo(0.5);
    const before = clock.now();
    await throttle.wait();
    expect(clock.now() - before).toBe(750);
  });

  it("escalates the pause for waves that follow soon after, down to the minimum rate, then recovers", () => {
    const clock = fakeClock();
    const throttle = new ThrottleBackoff({ ...options, clock });
    const pauses: number[] = [];
    const factors: number[] = [];
    for (let i = 0; i < 6; i++) {
      throttle.report();
      pauses.push(throttle.remainingMs());
      factors.push(throttle.factor());
      clock.advance(throttle.remainingMs());
    }
    expect(pauses).toEqual([750, 1_500, 3_000, 6_000, 6_000, 6_000]);
    expect(factors.every((f) => f >= 0.1 && f <= 0.5)).toBe(true);
    expect(Math.min(...factors)).toBeLessThan(0.15);
    clock.advance(15_000);
    expect(throttle.factor()).toBeGreaterThan(0.5);
    clock.advance(15_000);
    expect(throttle.factor()).toBe(1);
    throttle.report(); // long after the last wave: starts small again
    expect(throttle.remainingMs()).toBe(750);
  });
});

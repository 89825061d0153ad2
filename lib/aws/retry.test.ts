import { describe, expect, it } from "vitest";
import { backoffDelay, type Clock, callWithRetry, type RetryNotice, type RetryPolicy, systemClock } from "./retry";
import { awsError, socketError } from "@/tests/support/fake-sts";

/** A clock whose sleeps pass instantly but move time on. */
function fakeClock(random = 0.5) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms), elapsed: () => now - 1_000_000 };
}

/** A call that replays outcomes in order, then repeats the last one. */
function script(...outcomes: (string | Error)[]) {
  let calls = 0;
  const fn = async () => {
    const next = outcomes[Math.min(calls++, outcomes.length - 1)]!;
    if (next instanceof Error) throw next;
    return next;
  };
  return Object.assign(fn, { calls: () => calls });
}

const transientOnly: RetryPolicy = { transientRetries: 2, transientBackoff: { baseMs: 500, capMs: 4000 } };
const withPropagation: RetryPolicy = { ...transientOnly, propagation: { windowMs: 60_000, backoff: { baseMs: 1000, capMs: 10_000 } } };

describe("backoffDelay", () => {
  it("doubles each time up to the cap, with half of each step random", () => {
    const b = { baseMs: 1000, capMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, b, () => 0))).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, b, () => 0.999999))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe("callWithRetry", () => {
  it("returns the first success without waiting", async () => {
    const { clock, sleeps } = fakeClock();
    const call = script("ok");
    expect(await callWithRetry(call, { policy: withPropagation, clock })).toEqual({ ok: true, value: "ok", attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it("retries throttling with backoff and reports each retry", async () => {
    const { clock, sleeps } = fakeClock();
    const notices: RetryNotice[] = [];
    const call = script(awsError("Throttling"), socketError("timeout"), "ok");
    const out = await callWithRetry(call, { policy: transientOnly, clock, onRetry: (n) => notices.push(n) });
    expect(out).toEqual({ ok: true, value: "ok", attempts: 3 });
    expect(sleeps).toEqual([375, 750]);
    expect(notices.map((n) => [n.reason, n.nextAttempt, n.error.kind])).toEqual([
      ["transient", 2, "throttled"],
      ["transient", 3, "timeout"],
    ]);
  });

  it("stops after the transient budget", async () => {
    const { clock } = fakeClock();
    const call = script(awsError("Throttling"));
    const out = await callWithRetry(call, { policy: transientOnly, clock });
    expect(out).toMatchObject({ ok: false, attempts: 3, error: { kind: "throttled" }, propagationRetried: false });
    expect(call.calls()).toBe(3);
  });

  it("does not retry AccessDenied unless asked to wait for propagation", async () => {
    const { clock } = fakeClock();
    const call = script(awsError("AccessDenied", { status: 403 }), "ok");
    expect(await callWithRetry(call, { policy: transientOnly, clock })).toMatchObject({ ok: false, attempts: 1, error: { kind: "access-denied" } });
  });

  it("retries AccessDenied while the role propagates, then succeeds", async () => {
    const { clock, elapsed } = fakeClock();
    const notices: RetryNotice[] = [];
    const denied = awsError("AccessDenied", { status: 403 });
    const call = script(denied, denied, denied, "ok");
    const out = await callWithRetry(call, { policy: withPropagation, clock, onRetry: (n) => notices.push(n) });
    expect(out).toEqual({ ok: true, value: "ok", attempts: 4 });
    expect(notices.map((n) => [n.reason, n.nextAttempt])).toEqual([["propagation", 2], ["propagation", 3], ["propagation", 4]]);
    expect(elapsed()).toBe(750 + 1500 + 3000);
  });

  it("gives up on AccessDenied once the next attempt would start after the window", async () => {
    for (const random of [0, 0.5, 0.99]) {
      const { clock, sleeps, elapsed } = fakeClock(random);
      const call = script(awsError("AccessDenied", { status: 403 }));
      const out = await callWithRetry(call, { policy: withPropagation, clock });
      expect(out).toMatchObject({ ok: false, error: { kind: "access-denied" }, propagationRetried: true });
      expect(elapsed()).toBeLessThanOrEqual(60_000);
      // The wait it did not take would have crossed the window.
      expect(elapsed() + backoffDelay(sleeps.length + 1, withPropagation.propagation!.backoff, () => random)).toBeGreaterThan(60_000);
      expect(out.attempts).toBe(sleeps.length + 1);
      expect(out.attempts).toBeGreaterThan(5);
    }
  });

  it("counts time spent in slow attempts against the window", async () => {
    const { clock, advance } = fakeClock();
    let calls = 0;
    const slowDenied = async () => {
      calls++;
      advance(25_000);
      throw awsError("AccessDenied", { status: 403 });
    };
    await callWithRetry(slowDenied, { policy: withPropagation, clock });
    expect(calls).toBe(3);
  });

  it("stops at once when aborted during a wait, without another attempt", async () => {
    const controller = new AbortController();
    const { clock } = fakeClock();
    const sleeping: Clock = { ...clock, sleep: async () => controller.abort() };
    const call = script(awsError("Throttling"), "ok");
    const out = await callWithRetry(call, { policy: transientOnly, clock: sleeping, signal: controller.signal });
    expect(out).toMatchObject({ ok: false, error: { kind: "aborted" }, attempts: 1 });
    expect(call.calls()).toBe(1);
  });

  it("makes no call when already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const call = script("ok");
    const out = await callWithRetry(call, { policy: transientOnly, clock: fakeClock().clock, signal: controller.signal });
    expect(out).toMatchObject({ ok: false, error: { kind: "aborted" }, attempts: 0 });
    expect(call.calls()).toBe(0);
  });
});

describe("systemClock.sleep", () => {
  it("waits, and ends early when aborted", async () => {
    const started = Date.now();
    await systemClock.sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(10_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

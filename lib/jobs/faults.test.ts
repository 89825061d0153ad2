import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { jobTestWorld } from "@/tests/support/job-world";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { recordVerification } from "@/lib/dal/verifications";
import { connectionStatuses, countingVerify, fakeResult, itemsOf, jobStatus, waitFor } from "@/tests/support/jobs";
import type { VerifyFn } from "./run-item";
import { ThrottleBackoff } from "./throttle";

const queue = vi.hoisted(() => ({ failTargets: 0 }));
vi.mock("@/lib/dal/job-queue", async (original) => {
  const real = await original<typeof import("@/lib/dal/job-queue")>();
  return {
    ...real,
    itemTargets: async (...args: Parameters<typeof real.itemTargets>) => {
      if (queue.failTargets > 0) {
        queue.failTargets--;
        throw new Error("write CONNECTION_CLOSED");
      }
      return real.itemTargets(...args);
    },
  };
});

const world = jobTestWorld();
const { newJob } = world;

function worker(jobId: string, verify: VerifyFn, extra: { throttle?: ThrottleBackoff; concurrency?: number; leaseMs?: number } = {}) {
  return world.worker(jobId, {
    verify,
    ...(extra.throttle ? { throttle: extra.throttle } : {}),
    settings: { concurrency: extra.concurrency ?? 4, prefetch: 0, ...(extra.leaseMs ? { leaseMs: extra.leaseMs } : {}) },
  });
}

describe("faults during a bulk job", () => {
  it("STS throttling pauses the whole job, not just one item, and the throttled item is tried again", async () => {
    const { jobId } = await newJob(12);
    const throttle = new ThrottleBackoff({ baseMs: 400, capMs: 400, recoveryMs: 10_000, minFactor: 0.1, clock: { now: Date.now, random: () => 0.99, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) } });
    const inner = countingVerify({ delayMs: () => 20 });
    const starts: number[] = [];
    let throttledAt = 0;
    let throttledId = "";
    const verify: VerifyFn = async (target, options) => {
      starts.push(Date.now());
      if (!throttledAt) {
        throttledId = target.connectionId;
        // As verifyConnection reports it: a retry wait after STS said "Throttling", then a throttled failure.
        options.onProgress?.({ id: "assume-role", label: "Assume", state: "waiting", startedAt: new Date().toISOString(), attempts: 1, awsCode: "Throttling", retryInMs: 500 });
        throttledAt = Date.now();
        return fakeResult(target, "failed", { failure: { code: "throttled", title: "AWS is throttling", detail: "", causes: [], nextStep: "", side: "aws" } });
      }
      return inner(target, options);
    };
    worker(jobId, verify, { throttle, concurrency: 4 });
    await waitFor(async () => (await jobStatus(jobId)) === "completed", 10_000, "job completed");

    expect(throttle.pauses).toBe(1);
    expect(throttle.factor()).toBeLessThan(1);
    // Checks already in flight at the throttle finish; nothing new starts until the pause is over.
    const during = starts.filter((t) => t > throttledAt + 5 && t < throttledAt + 390);
    expect(during).toEqual([]);
    expect(starts.filter((t) => t >= throttledAt + 390).length).toBeGreaterThanOrEqual(8);
    const items = await itemsOf(jobId);
    expect(items.every((i) => i.status === "done" && i.outcome === "verified")).toBe(true);
    expect(items.find((i) => i.connectionId === throttledId)?.attempts).toBe(2);
    expect(inner.calls.size).toBe(12);
  });

  it("a database error while recording never leaves a connection verified; the item is retried after its lease", async () => {
    const { jobId, ids } = await newJob(5);
    const victim = ids[2]!;
    let failures = 0;
    const verify: VerifyFn = async (target, options) => {
      const result = fakeResult(target, "verified");
      // The first time, the history insert fails inside recordVerification's transaction (integer out of range).
      const broken = target.connectionId === victim && failures++ === 0;
      await recordVerification({ target, trigger: options.trigger, actorUserId: options.actorUserId, result: broken ? { ...result, durationMs: 2 ** 40 } : result });
      return result;
    };
    worker(jobId, verify, { leaseMs: 800 });

    await waitFor(async () => (await itemsOf(jobId)).filter((i) => i.status === "done").length === 4, 5_000, "the other four");
    expect(failures).toBe(1);
    const stuck = (await itemsOf(jobId)).find((i) => i.connectionId === victim);
    expect(stuck).toMatchObject({ status: "running", outcome: null, attempts: 1 });
    expect((await connectionStatuses([victim])).get(victim)).toBe("pending");
    expect(await getDb().select().from(verifications).where(eq(verifications.connectionId, victim))).toHaveLength(0);
    expect(await jobStatus(jobId)).toBe("running");

    await waitFor(async () => (await jobStatus(jobId)) === "completed", 5_000, "job completed after the lease");
    expect((await itemsOf(jobId)).find((i) => i.connectionId === victim)).toMatchObject({ status: "done", outcome: "verified", attempts: 2 });
    expect((await connectionStatuses([victim])).get(victim)).toBe("verified");
    const history = await getDb().select().from(verifications).where(eq(verifications.connectionId, victim));
    expect(history.map((h) => [h.status, h.trigger, h.actorUserId])).toEqual([["verified", "bulk", world.admin.userId]]);
  });

  it("items claimed just before the database drops are not kept leased forever: the job still finishes", async () => {
    const { jobId } = await newJob(4);
    // The claim succeeds, then reading what to verify fails (the connection was cut in between).
    queue.failTargets = 1;
    worker(jobId, countingVerify({ delayMs: () => 5 }), { leaseMs: 800 });
    await waitFor(async () => (await jobStatus(jobId)) === "completed", 10_000, "job completed after the failed read");
    expect(queue.failTargets).toBe(0);
    expect((await itemsOf(jobId)).every((i) => i.status === "done" && i.outcome === "verified")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { jobTestWorld } from "@/tests/support/job-world";
import { claimItems } from "@/lib/dal/job-queue";
import { cancelJob, getJobProgress } from "@/lib/dal/jobs";
import { connectionStatuses, countingVerify, itemsOf, jobStatus, waitFor } from "@/tests/support/jobs";

const world = jobTestWorld();
const { newJob, worker } = world;

describe("the bulk worker", () => {
  it("verifies every item exactly once with two workers on the same database", async () => {
    const { jobId, ids } = await newJob(300);
    const verify = countingVerify({ delayMs: () => Math.random() * 4 });
    const settings = { concurrency: 8, prefetch: 4 };
    const a = worker(jobId, { verify, settings });
    const b = worker(jobId, { verify, settings });
    await waitFor(async () => (await jobStatus(jobId)) === "completed", 30_000, "job completed");
    await Promise.all([a.stop(), b.stop()]);

    expect(verify.calls.size).toBe(300);
    expect([...verify.calls.values()].every((n) => n === 1)).toBe(true);
    const items = await itemsOf(jobId);
    expect(items.every((i) => i.status === "done" && i.outcome === "verified" && i.attempts === 1)).toBe(true);
    expect([...(await connectionStatuses(ids)).values()].every((s) => s === "verified")).toBe(true);
    expect(await getJobProgress(world.admin, jobId)).toMatchObject({ status: "completed", total: 300, verified: 300, failed: 0, pending: 0, inProgress: 0 });
  });

  it("claims a crashed worker's items again once their lease has passed, and only then", async () => {
    const { jobId, ids } = await newJob(10);
    // A worker that claimed four items and died: nothing renews or finishes them.
    const orphaned = await claimItems(jobId, 4, 1_000);
    expect(orphaned).toHaveLength(4);
    const verify = countingVerify();
    worker(jobId, { verify, settings: { leaseMs: 1_000 } });

    await waitFor(() => verify.calls.size === 6, 5_000, "the six free items");
    expect(orphaned.every((o) => !verify.calls.has(o.connectionId))).toBe(true);
    expect(await jobStatus(jobId)).toBe("running"); // not complete while leased items are unfinished
    await waitFor(async () => (await jobStatus(jobId)) === "completed", 10_000, "job completed");

    expect(verify.calls.size).toBe(10);
    expect([...verify.calls.values()].every((n) => n === 1)).toBe(true);
    const attempts = new Map((await itemsOf(jobId)).map((i) => [i.connectionId, i.attempts]));
    for (const o of orphaned) expect(attempts.get(o.connectionId)).toBe(2);
    expect([...(await connectionStatuses(ids)).values()].every((s) => s === "verified")).toBe(true);
  });

  it("on cancel starts nothing new, lets checks in flight finish, then ends cancelled", async () => {
    const { jobId } = await newJob(20);
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const inner = countingVerify();
    const verify: typeof inner = Object.assign(async (...args: Parameters<typeof inner>) => {
      await gate;
      return inner(...args);
    }, { calls: inner.calls });
    let entered = 0;
    worker(jobId, { verify: async (...args) => (entered++, verify(...args)), settings: { concurrency: 2, prefetch: 0 } });

    await waitFor(() => entered === 2, 5_000, "two checks in flight");
    expect((await cancelJob(world.admin, jobId)).status).toBe("cancelling");
    open();
    await waitFor(async () => (await jobStatus(jobId)) === "cancelled", 5_000, "job cancelled");
    await new Promise((r) => setTimeout(r, 100));

    expect(entered).toBe(2);
    const progress = await getJobProgress(world.admin, jobId);
    expect(progress).toMatchObject({ status: "cancelled", verified: 2, pending: 18, inProgress: 0 });
    expect(progress.finishedAt).not.toBeNull();
  });

  it("starts the next verification as soon as one's STS calls are over, while its result is still being written", async () => {
    const { jobId } = await newJob(3);
    let open: () => void = () => {};
    const writing = new Promise<void>((resolve) => (open = resolve));
    const inner = countingVerify();
    let entered = 0;
    // One slot. Each check reports its STS calls over at once, then "writes" until the gate opens.
    worker(jobId, {
      verify: async (target, options) => {
        entered++;
        options.onChecked?.();
        await writing;
        return inner(target, options);
      },
      settings: { concurrency: 1, prefetch: 2 },
    });

    await waitFor(() => entered === 3, 5_000, "all three checks started while the first result was still being written");
    open();
    await waitFor(async () => (await jobStatus(jobId)) === "completed", 5_000, "job completed");
    expect(inner.calls.size).toBe(3);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBulkVerification } from "@/lib/dal/jobs";
import { JobWorker } from "@/lib/jobs/worker";
import type { HealthScheduler } from "@/lib/health/scheduler";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { makeDue, testScheduler } from "@/tests/support/health";
import { countingVerify, fakeResult, newConnections, waitFor } from "@/tests/support/jobs";

// Every take from the shared STS window, by key, with what was asked.
const takes = vi.hoisted(() => [] as { key: string; want: number }[]);
vi.mock("@/lib/dal/sts-budget", () => ({
  takeStsBudget: async (input: { key: string; want: number }) => {
    takes.push({ key: input.key, want: input.want });
    return { granted: input.want, retryAfterMs: 0 };
  },
}));

const stop: Array<() => Promise<void>> = [];
beforeAll(setupDatabase);
afterAll(async () => {
  await Promise.all(stop.map((s) => s()));
});

describe("the STS budget of scheduled checks", () => {
  it("is the one bulk jobs take from: the same shared window, not a second budget", async () => {
    const admin = await newAdmin();
    const org = await newOrganization(admin);
    const [due, ...bulk] = await newConnections(org, 3, { status: "verified" });
    await makeDue([due!]);
    // The scheduler with its default budget (budget undefined), next to a bulk worker with its own default.
    const scheduler: HealthScheduler = testScheduler(org, { budget: undefined, check: async (t) => fakeResult(t, "verified") });
    stop.push(() => scheduler.stop());
    await waitFor(() => scheduler.stats.checks === 1, 5_000, "the scheduled check");
    const schedulerKeys = new Set(takes.map((t) => t.key));
    takes.length = 0;

    const { id: jobId } = await startBulkVerification(admin, { kind: "selection", connectionIds: bulk });
    const worker = new JobWorker({ jobIds: [jobId], verify: countingVerify(), settings: { pollMs: 20 } }).start();
    stop.push(() => worker.stop());
    await waitFor(() => takes.length > 0, 5_000, "the bulk worker's take");
    const bulkKeys = new Set(takes.map((t) => t.key));

    expect(schedulerKeys.size).toBe(1);
    expect([...schedulerKeys][0]).toMatch(/^bulk-sts:/);
    expect(bulkKeys).toEqual(schedulerKeys);
  });
});

import { describe, expect, it, vi } from "vitest";
import type { ItemEnd } from "@/lib/dal/job-lifecycle";
import type { ClaimedItem } from "@/lib/dal/job-queue";

const writes = vi.hoisted(() => ({ batches: [] as number[], fail: 0 }));
vi.mock("@/lib/dal/job-lifecycle", () => ({
  completeItems: async (ends: { item: ClaimedItem }[]) => {
    if (writes.fail-- > 0) throw new Error("connection terminated");
    writes.batches.push(ends.length);
    return new Set(ends.map(({ item }) => `${item.jobId}/${item.connectionId}`));
  },
}));
const { Completions } = await import("./completions");

const item = (i: number): ClaimedItem => ({ jobId: "job", connectionId: `c${i}`, attempts: 1 });
const verified: ItemEnd = { status: "done", outcome: "verified" };

describe("Completions", () => {
  it("writes the items that end close together in one batch, within the flush delay", async () => {
    writes.batches = [];
    const completions = new Completions(50);
    for (let i = 0; i < 7; i++) completions.add(item(i), verified);
    expect(writes.batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 80));
    expect(writes.batches).toEqual([7]);
  });

  it("writes at once when a batch is full, and everything left on flush", async () => {
    writes.batches = [];
    const completions = new Completions(10_000, 5);
    for (let i = 0; i < 12; i++) completions.add(item(i), verified);
    await completions.flush();
    expect(writes.batches).toEqual([5, 5, 2]);
  });

  it("survives a failed write (those items are left to their lease) and keeps writing later ones", async () => {
    writes.batches = [];
    writes.fail = 1;
    const completions = new Completions(10_000);
    completions.add(item(1), verified);
    await expect(completions.flush()).resolves.toBeUndefined();
    completions.add(item(2), verified);
    await completions.flush();
    expect(writes.batches).toEqual([1]);
  });
});

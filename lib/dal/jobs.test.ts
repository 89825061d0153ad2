import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { cancelLeftovers, itemsOf, newConnections } from "@/tests/support/jobs";
import { isDalError } from "./errors";
import { completeItem, finalizeJobs } from "./job-lifecycle";
import { claimItems } from "./job-queue";
import { cancelJob, getJobProgress, listJobs, MAX_ACTIVE_JOBS, startBulkVerification } from "./jobs";
import type { Viewer } from "./viewer";

let admin: Viewer;
let member: Viewer;
let org: string;
const started: string[] = [];

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  member = await newMember(admin, org);
});

afterAll(() => cancelLeftovers(started));

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (isDalError(error)) return error.code;
    throw error;
  }
}

/** Starts a job and cancels it at once (no worker runs here): these tests are about what it covers. */
async function startAndCancel(viewer: Viewer, scope: Parameters<typeof startBulkVerification>[1]) {
  const job = await startBulkVerification(viewer, scope);
  started.push(job.id);
  await cancelJob(viewer, job.id);
  return { ...job, connections: new Set((await itemsOf(job.id)).map((i) => i.connectionId)) };
}

describe("starting a bulk re-verification", () => {
  it("covers the selection once each, leaving out removed and unknown connections", async () => {
    const [a, b, c] = await newConnections(org, 3);
    const [gone] = await newConnections(org, 1, { status: "disconnected" });
    const job = await startAndCancel(admin, { kind: "selection", connectionIds: [a!, b!, a!, gone!, "00000000-0000-4000-8000-000000000000", c!, "not-a-uuid"] });
    expect(job.total).toBe(3);
    expect(job.connections).toEqual(new Set([a, b, c]));
    const [row] = await getDb().select({ scope: jobs.scope, createdBy: jobs.createdBy }).from(jobs).where(eq(jobs.id, job.id));
    expect(row).toEqual({ scope: { kind: "selection", count: 5 }, createdBy: admin.userId });
  });

  it("covers every failed connection, or every one not removed", async () => {
    const failed = await newConnections(org, 2, { status: "failed" });
    const verified = await newConnections(org, 2, { status: "verified" });
    const removed = await newConnections(org, 1, { status: "disconnected" });
    const onlyFailed = await startAndCancel(admin, { kind: "failed" });
    expect(failed.every((id) => onlyFailed.connections.has(id))).toBe(true);
    expect([...verified, ...removed].some((id) => onlyFailed.connections.has(id))).toBe(false);
    const all = await startAndCancel(admin, { kind: "all" });
    expect([...failed, ...verified].every((id) => all.connections.has(id))).toBe(true);
    expect(all.connections.has(removed[0]!)).toBe(false);
    expect(all.total).toBe(all.connections.size);
  });

  it("refuses an empty selection and changes nothing", async () => {
    const [gone] = await newConnections(org, 1, { status: "disconnected" });
    const before = (await listJobs(admin)).length;
    expect(await code(startBulkVerification(admin, { kind: "selection", connectionIds: [gone!] }))).toBe("invalid");
    expect(await code(startBulkVerification(admin, { kind: "selection", connectionIds: [] }))).toBe("invalid");
    expect((await listJobs(admin)).length).toBe(before);
  });

  it(`refuses a ${MAX_ACTIVE_JOBS + 1}th live job from the same admin`, async () => {
    const busy = await newAdmin();
    const ids = await newConnections(org, 1);
    for (let i = 0; i < MAX_ACTIVE_JOBS; i++) started.push((await startBulkVerification(busy, { kind: "selection", connectionIds: ids })).id);
    expect(await code(startBulkVerification(busy, { kind: "selection", connectionIds: ids }))).toBe("conflict");
    await cancelJob(busy, started.at(-1)!);
    expect(await code(startBulkVerification(busy, { kind: "selection", connectionIds: ids }).then((j) => started.push(j.id)))).toBe("ok");
  });
});

describe("jobs and members", () => {
  it("a member can neither start, read, list nor cancel a job", async () => {
    const ids = await newConnections(org, 2);
    const job = await startBulkVerification(admin, { kind: "selection", connectionIds: ids });
    started.push(job.id);
    expect(await code(startBulkVerification(member, { kind: "selection", connectionIds: ids }))).toBe("forbidden");
    expect(await code(startBulkVerification(member, { kind: "all" }))).toBe("forbidden");
    expect(await code(getJobProgress(member, job.id))).toBe("forbidden");
    expect(await code(listJobs(member))).toBe("forbidden");
    expect(await code(cancelJob(member, job.id))).toBe("forbidden");
    expect((await getJobProgress(admin, job.id)).status).toBe("queued");
  });
});

describe("the queue", () => {
  it("never gives one item to two claims, nor more than asked", async () => {
    const ids = await newConnections(org, 50);
    const { id } = await startBulkVerification(admin, { kind: "selection", connectionIds: ids });
    started.push(id);
    const batches = await Promise.all(Array.from({ length: 6 }, () => claimItems(id, 7, 60_000)));
    expect(batches.every((b) => b.length <= 7)).toBe(true);
    expect(batches.flat().length).toBeGreaterThan(0);
    const claimed = batches.flat().map((i) => i.connectionId);
    expect(new Set(claimed).size).toBe(claimed.length);
    const rest = await claimItems(id, 100, 60_000);
    expect(new Set([...claimed, ...rest.map((i) => i.connectionId)])).toEqual(new Set(ids));
    expect(await claimItems(id, 100, 60_000)).toEqual([]);

    // Completion is fenced by the claim: a stale claim (an older attempt) changes nothing.
    const [first] = rest;
    expect(await completeItem({ ...first!, attempts: first!.attempts - 1 }, { status: "done", outcome: "verified" })).toBe(false);
    for (const item of [...batches.flat(), ...rest]) expect(await completeItem(item, { status: "done", outcome: "failed" })).toBe(true);
    await finalizeJobs([id]);
    expect(await getJobProgress(admin, id)).toMatchObject({ status: "completed", failed: 50, verified: 0, pending: 0, inProgress: 0 });
    expect(await code(cancelJob(admin, id))).toBe("conflict");
  });
});

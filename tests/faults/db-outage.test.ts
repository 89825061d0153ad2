import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { isDalError } from "@/lib/dal/errors";
import { getJobProgress, startBulkVerification } from "@/lib/dal/jobs";
import { verificationTarget } from "@/lib/dal/verifications";
import type { Viewer } from "@/lib/dal/viewer";
import type { VerifyFn } from "@/lib/jobs/run-item";
import { JobWorker } from "@/lib/jobs/worker";
import { runVerification, verifyTarget } from "@/lib/verification/run";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { accountId, cancelLeftovers, connectionStatuses, itemsOf, jobStatus, newConnections, waitFor } from "@/tests/support/jobs";
import type { TcpProxy } from "@/tests/support/tcp-proxy";
import { connectionRow, externalIdOf, type FaultSandbox, historyOf, proxyDatabase, startFaultSandbox, timed, TWO_HOURS_AGO } from "./support";
import { panelEvents } from "./panel";

// The database going away in the middle of a verification and of a bulk job, through a TCP proxy
// in front of PostgreSQL (the server itself keeps running: other tests share it).
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/auth/session", () => ({ getViewer: async () => session.viewer }));

const direct = process.env.DATABASE_URL;
const rounds = Array.from({ length: Number(process.env.FAULT_ROUNDS ?? 5) }, (_, i) => i + 1);
let proxy: TcpProxy;
let sandbox: FaultSandbox;
let admin: Viewer;
let org: string;
let externalId: string;
const jobIds: string[] = [];

/** A connection whose last check failed (its role did not exist yet) and whose role now exists. */
async function failedConnection() {
  const arn = `arn:aws:iam::${accountId()}:role/Outage${Math.floor(Math.random() * 1e9)}`;
  const [id] = await newConnections(org, 1, { roleArn: () => arn, createdAt: TWO_HOURS_AGO() });
  const first = await verifyTarget(await verificationTarget(admin, id!), { trigger: "manual", actorUserId: admin.userId });
  expect(first.failure?.code).toBe("access-denied");
  const [, , , , account, resource] = arn.split(":");
  await sandbox.role(externalId, resource!.split("/")[1], account);
  return { id: id!, before: await connectionRow(id!), history: await historyOf(id!) };
}

describe.skipIf(!direct)("the database going away (PostgreSQL only: PGlite runs inside the process, with no connection to cut)", () => {
  beforeAll(async () => {
    proxy = await proxyDatabase(direct!);
    sandbox = await startFaultSandbox();
    await setupDatabase();
    admin = await newAdmin();
    org = await newOrganization(admin);
    externalId = await externalIdOf(admin, org);
    session.viewer = admin;
  });

  afterEach(async () => {
    proxy.restore();
    await sandbox.clearFaults();
  });

  afterAll(async () => {
    proxy?.restore();
    if (proxy) await cancelLeftovers(jobIds);
    await sandbox?.stop();
    await proxy?.close();
    process.env.DATABASE_URL = direct;
  });

  it("cut while AWS is answering: the caller gets an error at once, nothing is verified, and the next check records", async () => {
    const c = await failedConnection();
    await sandbox.fault({ action: "AssumeRole", kind: "latency", ms: 600, count: 1 });
    let cutAt = 0;
    const run = timed(() =>
      runVerification(admin, c.id, {
        trigger: "manual",
        onProgress: (p) => {
          if (p.id === "assume-role" && p.state === "running" && !cutAt) setTimeout(() => ((cutAt = Date.now()), proxy.cut()), 200);
        },
      }),
    );
    const { error, ms } = await run;
    expect(cutAt).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(Error);
    expect(isDalError(error)).toBe(false);
    // STS took ~600 ms; recording failed as soon as it was tried.
    expect(ms).toBeLessThan(3_000);

    proxy.restore();
    expect(await connectionRow(c.id)).toEqual(c.before);
    expect(await historyOf(c.id)).toEqual(c.history);

    const again = await runVerification(admin, c.id, { trigger: "manual" });
    expect(again.status).toBe("verified");
    expect(await connectionRow(c.id)).toMatchObject({ status: "verified", lastFailureCode: null });
    expect((await historyOf(c.id)).map((h) => h.status)).toEqual(["failed", "verified"]);
  });

  it("cut as the outcome is being written: neither the history row nor the status is half-written, and the panel says nothing changed", async () => {
    const c = await failedConnection();
    // The link drops as the statement that records the outcome is sent.
    const cut = proxy.cutOn('update "connections"');
    const { value: events, ms } = await timed(() => panelEvents(c.id));
    await cut;
    expect(ms).toBeLessThan(3_000);
    expect(events!.filter((e) => e.type === "progress").length).toBeGreaterThan(0);
    expect(events!.at(-1)).toEqual({
      type: "refused",
      message: "The check could not be completed or saved, so nothing was changed. Try again in a moment.",
    });

    proxy.restore();
    expect(await connectionRow(c.id)).toEqual(c.before);
    expect(await historyOf(c.id)).toEqual(c.history);
    expect((await panelEvents(c.id)).at(-1)).toMatchObject({ type: "done", result: { status: "verified" } });
    expect((await historyOf(c.id)).map((h) => h.status)).toEqual(["failed", "verified"]);
  });

  // Where the cut lands varies from run to run (an item claimed, in flight or being recorded), so the
  // suite runs it several times; FAULT_ROUNDS=50 for a longer hunt.
  it.each(rounds)("cut in the middle of a bulk job (round %i): it resumes, every item ends done, nothing lost, nothing wrongly verified", async () => {
    // 9 good roles; 3 connections marked verified whose roles are gone.
    const good: string[] = [];
    for (let i = 0; i < 9; i++) good.push(await sandbox.role(externalId));
    const goodIds = await newConnections(org, good.length, { roleArn: (i) => good[i]!, createdAt: TWO_HOURS_AGO() });
    const goneIds = await newConnections(org, 3, { status: "verified", createdAt: TWO_HOURS_AGO() });
    const ids = [...goodIds, ...goneIds];
    await sandbox.fault({ action: "*", kind: "latency", ms: 80 });
    const jobId = (await startBulkVerification(admin, { kind: "selection", connectionIds: ids })).id;
    jobIds.push(jobId);

    const calls = new Map<string, number>();
    const recorded = new Map<string, number>();
    const count = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const verify: VerifyFn = async (target, options) => {
      count(calls, target.connectionId);
      const result = await verifyTarget(target, options);
      count(recorded, target.connectionId);
      return result;
    };
    const worker = new JobWorker({ verify, jobIds: [jobId], settings: { pollMs: 100, heartbeatMs: 200, leaseMs: 1_500, concurrency: 3, prefetch: 0 } }).start();
    try {
      // Cut while some items are recorded and others are in flight.
      await waitFor(() => sum(recorded) >= 3 && sum(calls) > sum(recorded), 10_000, "items recorded and in flight");
      proxy.cut();
      await new Promise((r) => setTimeout(r, 500));
      proxy.restore();
      await waitFor(async () => (await jobStatus(jobId)) === "completed", 40_000, "the job to complete after the outage");
    } finally {
      await worker.stop();
    }
    // Whether an in-flight check ends before or after the link comes back (and so is recorded at once
    // or run again) depends on the moment: what must hold either way is below.

    const items = await itemsOf(jobId);
    const statuses = await connectionStatuses(ids);
    expect(items.map((i) => i.connectionId).sort()).toEqual([...ids].sort());
    for (const item of items) expect(item).toMatchObject({ status: "done", outcome: statuses.get(item.connectionId) });
    expect(goodIds.map((id) => statuses.get(id))).toEqual(Array(9).fill("verified"));
    expect(goneIds.map((id) => statuses.get(id))).toEqual(Array(3).fill("failed"));
    expect(await getJobProgress(admin, jobId)).toMatchObject({ status: "completed", total: 12, verified: 9, failed: 3, pending: 0, inProgress: 0 });

    for (const id of ids) {
      const history = await getDb().select().from(verifications).where(eq(verifications.connectionId, id));
      // Every verification that was recorded is there; none appears that was not run.
      expect(history.length).toBeGreaterThanOrEqual(recorded.get(id) ?? 0);
      expect(history.length).toBeLessThanOrEqual(calls.get(id) ?? 0);
      expect(history.length).toBeGreaterThan(0);
      const expected = goodIds.includes(id) ? "verified" : "failed";
      expect(history.every((h) => h.status === expected && h.trigger === "bulk" && h.actorUserId === admin.userId)).toBe(true);
    }
  }, 60_000);
});

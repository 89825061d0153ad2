import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { startBulkVerification } from "@/lib/dal/jobs";
import { recordVerification, verificationTarget } from "@/lib/dal/verifications";
import type { Viewer } from "@/lib/dal/viewer";
import { runVerification } from "@/lib/verification/run";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { cancelLeftovers, connectionStatuses, fakeResult, itemsOf, jobStatus, newConnections, waitFor } from "@/tests/support/jobs";
import { connectionRow, externalIdOf, type FaultSandbox, historyOf, recordingWorker, startFaultSandbox, TWO_HOURS_AGO } from "./support";

// A second app instance on the same database: no double work, no lost update.
let sandbox: FaultSandbox;
let admin: Viewer;
let org: string;
let externalId: string;
const jobIds: string[] = [];

beforeAll(async () => {
  sandbox = await startFaultSandbox();
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  externalId = await externalIdOf(admin, org);
});

afterAll(async () => {
  await cancelLeftovers(jobIds);
  await sandbox.stop();
});

describe("two admins re-verifying the same connection at once", () => {
  it("the check that started last decides the status, even when it finishes first; both are in the history", async () => {
    const [first, second] = [admin, await newAdmin()];
    const arn = await sandbox.role(externalId);
    const [id] = await newConnections(org, 1, { roleArn: () => arn, createdAt: TWO_HOURS_AGO() });
    // The first admin's check assumes the role, then waits on GetCallerIdentity; meanwhile the
    // customer deletes the role and the second admin's check is refused and recorded at once.
    await sandbox.fault({ action: "GetCallerIdentity", kind: "latency", ms: 700, count: 1 });
    let assumed!: () => void;
    const roleAssumed = new Promise<void>((resolve) => (assumed = resolve));
    const slow = runVerification(first, id!, {
      trigger: "manual",
      onProgress: (p) => p.id === "caller-identity" && p.state === "running" && assumed(),
    });
    await roleAssumed;
    await sandbox.deleteRole(arn);
    const fast = await runVerification(second, id!, { trigger: "manual" });
    expect(fast).toMatchObject({ status: "failed", failure: { code: "access-denied" } });
    // The first check's session outlives its deleted role, but not the role's permissions: its
    // permission probe, which runs last, is denied. Its own outcome differs from the newer one's.
    const late = await slow;
    expect(late).toMatchObject({ status: "failed", failure: { code: "missing-permissions" } });
    expect(late.checks.slice(0, 2).map((c) => c.state)).toEqual(["passed", "passed"]);
    expect(Date.parse(late.startedAt)).toBeLessThan(Date.parse(fast.startedAt));

    // The older check finished last and did not overwrite the newer one's outcome.
    expect(await connectionRow(id!)).toMatchObject({
      status: "failed",
      lastFailureCode: "access-denied",
      lastCheckedAt: new Date(fast.startedAt),
      lastVerifiedAt: null,
    });
    const history = await historyOf(id!);
    expect(history.map((h) => [h.actorUserId, h.status, h.failureCode])).toEqual([
      [first.userId, "failed", "missing-permissions"],
      [second.userId, "failed", "access-denied"],
    ]);
  });

  it("many checks of one connection recorded at once in any order: the latest start wins, every row is kept", async () => {
    const [id] = await newConnections(org, 1, { createdAt: TWO_HOURS_AGO() });
    const target = await verificationTarget(admin, id!);
    const base = Date.now();
    const statuses = ["verified", "insecure", "failed"] as const;
    const results = Array.from({ length: 12 }, (_, i) => fakeResult(target, statuses[i % 3]!, { startedAt: new Date(base + i * 10).toISOString() }));
    const shuffled = [7, 11, 2, 9, 0, 5, 10, 3, 8, 1, 6, 4].map((i) => results[i]!);
    await Promise.all(shuffled.map((result) => recordVerification({ target, trigger: "manual", actorUserId: admin.userId, result })));

    const latest = results[11]!;
    expect(latest.status).toBe("failed");
    expect(await connectionRow(id!)).toMatchObject({ status: "failed", lastCheckedAt: new Date(latest.startedAt) });
    expect((await historyOf(id!)).map((h) => h.status)).toEqual(results.map((r) => r.status));
  });
});

describe.skipIf(!process.env.DATABASE_URL)("a bulk job worked by two processes (PostgreSQL only: PGlite is one process's database)", () => {
  it("verifies every item exactly once between them", async () => {
    const arns: string[] = [];
    for (let i = 0; i < 24; i++) arns.push(await sandbox.role(externalId, `Shared${randomUUID().slice(0, 8)}`));
    const ids = await newConnections(org, arns.length, { roleArn: (i) => arns[i]!, createdAt: TWO_HOURS_AGO() });
    await sandbox.fault({ action: "*", kind: "latency", ms: 60 });
    const jobId = (await startBulkVerification(admin, { kind: "selection", connectionIds: ids })).id;
    jobIds.push(jobId);

    const child = spawn(
      fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url)),
      ["--conditions=react-server", fileURLToPath(new URL("./worker-process.ts", import.meta.url)), jobId],
      { env: { ...process.env, LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      await waitFor(() => output.includes("ready\n"), 20_000, "the second instance to start");
      const { worker, verified: here } = recordingWorker(jobId);
      await waitFor(async () => (await jobStatus(jobId)) === "completed", 30_000, "job completed");
      await worker.stop();
      expect(await exited).toBe(0);

      const there = (JSON.parse(output.trim().split("\n").at(-1)!) as { verified: string[] }).verified;
      expect(here.length).toBeGreaterThan(0);
      expect(there.length).toBeGreaterThan(0);
      expect([...here, ...there].sort()).toEqual([...ids].sort());
      const history = await getDb().select({ connectionId: verifications.connectionId }).from(verifications).where(inArray(verifications.connectionId, ids));
      expect(history.map((h) => h.connectionId).sort()).toEqual([...ids].sort());
      expect((await itemsOf(jobId)).every((i) => i.status === "done" && i.outcome === "verified" && i.attempts === 1)).toBe(true);
      expect([...(await connectionStatuses(ids)).values()].every((s) => s === "verified")).toBe(true);
    } finally {
      child.kill();
      await sandbox.clearFaults();
    }
  }, 60_000);
});

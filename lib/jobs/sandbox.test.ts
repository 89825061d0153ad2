import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { getJobProgress, startBulkVerification } from "@/lib/dal/jobs";
import type { Viewer } from "@/lib/dal/viewer";
import { externalIdOf, type FaultSandbox, startFaultSandbox, TWO_HOURS_AGO } from "@/tests/faults/support";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { accountId, cancelLeftovers, connectionStatuses, jobStatus, newConnections, waitFor } from "@/tests/support/jobs";
import { ThrottleBackoff } from "./throttle";
import { JobWorker } from "./worker";

// The real path end to end: verifyTarget, the AWS SDK, the sandbox's STS, the database budget.
let sandbox: FaultSandbox;
let admin: Viewer;
let org: string;
let jobId: string | undefined;
let worker: JobWorker | undefined;

beforeAll(async () => {
  sandbox = await startFaultSandbox();
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
});

afterAll(async () => {
  await worker?.stop();
  await cancelLeftovers(jobId ? [jobId] : []);
  await sandbox.stop();
});

describe("a bulk job against the sandbox", () => {
  it("records each connection's real outcome, as the job's creator, through throttling", async () => {
    const externalId = await externalIdOf(admin, org);
    // 6 good roles, 2 open to the confused deputy, 2 that do not exist.
    const arns: string[] = [];
    for (let i = 0; i < 8; i++) arns.push(await sandbox.role(i < 6 ? externalId : null, `Bulk${i}`));
    arns.push(`arn:aws:iam::${accountId()}:role/Missing1`, `arn:aws:iam::${accountId()}:role/Missing2`);
    // Older than an hour: not "fresh", so a missing role fails at once instead of waiting for IAM.
    const ids = await newConnections(org, arns.length, { roleArn: (i) => arns[i]!, createdAt: TWO_HOURS_AGO() });
    await sandbox.fault({ action: "AssumeRole", kind: "throttle", count: 2 });

    jobId = (await startBulkVerification(admin, { kind: "selection", connectionIds: ids })).id;
    const throttle = new ThrottleBackoff({ baseMs: 200, capMs: 400, recoveryMs: 2_000, minFactor: 0.1 });
    worker = new JobWorker({ jobIds: [jobId], throttle, settings: { pollMs: 20, concurrency: 4 } }).start();
    const id = jobId;
    await waitFor(async () => (await jobStatus(id)) === "completed", 30_000, "job completed");

    expect(await getJobProgress(admin, id)).toMatchObject({ verified: 6, failed: 4, insecure: 2, total: 10, skipped: 0 });
    expect(throttle.pauses).toBeGreaterThanOrEqual(1);
    const statuses = await connectionStatuses(ids);
    expect(ids.map((c) => statuses.get(c))).toEqual([...Array(6).fill("verified"), "insecure", "insecure", "failed", "failed"]);
    const history = await getDb()
      .select({ trigger: verifications.trigger, actor: verifications.actorUserId })
      .from(verifications)
      .where(inArray(verifications.connectionId, ids));
    expect(history.length).toBeGreaterThanOrEqual(10);
    expect(history.every((h) => h.trigger === "bulk" && h.actor === admin.userId)).toBe(true);
    expect(await getDb().select().from(verifications).where(eq(verifications.connectionId, ids[0]!))).toHaveLength(1);
  });
});

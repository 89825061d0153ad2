import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/dal/viewer";
import { getAdminConnection } from "@/lib/dal/admin/connection-detail";
import { externalIdOf, type FaultSandbox, startFaultSandbox, TWO_HOURS_AGO } from "@/tests/faults/support";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { connectionRow, eventTypesOf, historyOf, makeDue, testScheduler } from "@/tests/support/health";
import { newConnections, waitFor } from "@/tests/support/jobs";
import type { HealthScheduler } from "./scheduler";

// The real path end to end: checkTarget, the AWS SDK, the sandbox's STS, the database.
let sandbox: FaultSandbox;
let admin: Viewer;
let org: string;
let scheduler: HealthScheduler | undefined;

beforeAll(async () => {
  sandbox = await startFaultSandbox();
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
});

afterAll(async () => {
  await scheduler?.stop();
  await sandbox.stop();
});

describe("scheduled checks against the sandbox", () => {
  it("a throttled check is inconclusive; a deleted role turns the connection failed, confirmed, with 'failing since'", async () => {
    const arn = await sandbox.role(await externalIdOf(admin, org), `Health${Date.now()}`);
    const [id] = await newConnections(org, 1, { roleArn: () => arn, status: "verified", createdAt: TWO_HOURS_AGO() });
    const before = await connectionRow(id!);
    scheduler = testScheduler(org, { settings: { retryDelaysMs: [60_000] } });

    // STS throttles every call for a while: nothing is known about the role.
    await sandbox.fault({ action: "AssumeRole", kind: "throttle", count: 50 });
    await makeDue([id!]);
    await waitFor(async () => (await historyOf(id!)).length === 1, 20_000, "the throttled check");
    // The history row and the connection's count of inconclusive checks are written in separate batches.
    await waitFor(async () => (await connectionRow(id!)).inconclusiveChecks === 1, 5_000, "the inconclusive check counted");
    expect(await historyOf(id!)).toMatchObject([{ trigger: "scheduled", inconclusive: true, failureCode: "throttled" }]);
    expect(await connectionRow(id!)).toMatchObject({ status: "verified", statusSince: before.statusSince, inconclusiveChecks: 1 });
    await sandbox.clearFaults();

    // The customer deletes the role.
    await sandbox.deleteRole(arn);
    await makeDue([id!]);
    await waitFor(async () => (await connectionRow(id!)).status === "failed", 20_000, "failed");
    const history = await historyOf(id!);
    expect(history).toHaveLength(2); // the throttled one and the confirmed failure (the first sighting is not recorded)
    expect(history[1]).toMatchObject({ trigger: "scheduled", status: "failed", inconclusive: false, failureCode: "access-denied" });
    expect(scheduler.stats.confirmations).toBe(1);
    expect(await eventTypesOf(id!)).toEqual(["connection.failed"]);
    const shown = await getAdminConnection(admin, id!);
    expect(shown.status).toBe("failed");
    expect(shown.statusSince!.getTime()).toBeGreaterThan(before.statusSince!.getTime());
    expect(Date.now() - shown.statusSince!.getTime()).toBeLessThan(20_000);
    expect(shown.nextCheckAt!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { VerificationResult } from "@/lib/aws/verify";
import { insertConnections } from "@/tests/support/admin-data";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { parseRoleArn } from "@/lib/aws/arn";
import { isDalError } from "../errors";
import { recordVerification } from "../verifications";
import type { Viewer } from "../viewer";
import { getAdminConnection, listConnectionHistory } from "./connection-detail";
import { connectionOverview, verificationOutcomesByDay } from "./overview";

let admin: Viewer;
let member: Viewer;
let org: string;
const DAY = 86_400_000;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  member = await newMember(admin, org);
});

const forbidden = (p: Promise<unknown>) => expect(p).rejects.toSatisfy((e: unknown) => isDalError(e, "forbidden"));

describe("the overview", () => {
  it("counts by status and by how long ago connections were verified (other tests' rows cancel out)", async () => {
    const before = await connectionOverview(admin, 7);
    const now = Date.now();
    await insertConnections(org, [
      { status: "verified", lastCheckedAt: new Date(now), lastVerifiedAt: new Date(now) },
      { status: "failed", lastCheckedAt: new Date(now), lastVerifiedAt: new Date(now - 10 * DAY) },
      { status: "pending" },
      { status: "disconnected" },
      { status: "insecure", lastCheckedAt: new Date(now) },
    ]);
    const after = await connectionOverview(admin, 7);
    expect(after.total - before.total).toBe(5);
    for (const status of ["verified", "failed", "pending", "disconnected", "insecure"] as const) {
      expect(after.byStatus[status] - before.byStatus[status]).toBe(1);
    }
    expect(after.neverVerified - before.neverVerified).toBe(2); // pending and insecure; disconnected is not counted
    expect(after.notVerifiedRecently - before.notVerifiedRecently).toBe(1);
    expect((await connectionOverview(admin, 30)).notVerifiedRecently - (await connectionOverview(admin, 30)).notVerifiedRecently).toBe(0);
  });

  it("charts outcomes per UTC day over 30 days, today last, zeros filled in", async () => {
    const [id] = await insertConnections(org, [{}]);
    const target = { connectionId: id!, organizationId: org, role: (parseRoleArn("arn:aws:iam::123456789012:role/R") as { ok: true; role: never }).role, externalId: "rolegate-x", fresh: false };
    const before = await verificationOutcomesByDay(admin, 30);
    expect(before).toHaveLength(30);
    expect(before.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
    const result = (status: VerificationResult["status"], startedAt: Date): VerificationResult => ({ status, checks: [], accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/R", startedAt: startedAt.toISOString(), durationMs: 5 });
    await recordVerification({ target, trigger: "manual", actorUserId: null, result: result("insecure", new Date()) });
    await recordVerification({ target, trigger: "manual", actorUserId: null, result: result("failed", new Date(Date.now() - 40 * DAY)) });
    const after = await verificationOutcomesByDay(admin, 30);
    expect(after.at(-1)!.insecure - before.at(-1)!.insecure).toBe(1);
    expect(after.reduce((n, d) => n + d.failed, 0)).toBe(before.reduce((n, d) => n + d.failed, 0));

    const history = await listConnectionHistory(admin, id!, undefined, 1);
    expect(history.entries.map((e) => e.status)).toEqual(["insecure"]);
    expect(history.entries[0]!.externalId).toBe("rolegate-x");
    const older = await listConnectionHistory(admin, id!, history.older, 1);
    expect(older.entries.map((e) => e.status)).toEqual(["failed"]);
    expect(older.older).toBeUndefined();
    expect((await getAdminConnection(admin, id!)).organization.id).toBe(org);
  });

  it("is for partner admins only", async () => {
    const [id] = await insertConnections(org, [{}]);
    await forbidden(connectionOverview(member, 7));
    await forbidden(verificationOutcomesByDay(member));
    await forbidden(getAdminConnection(member, id!));
    await forbidden(listConnectionHistory(member, id!));
  });
});

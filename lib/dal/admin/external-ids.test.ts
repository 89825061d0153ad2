import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { parseRoleArn } from "@/lib/aws/arn";
import type { VerificationResult } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { connections, externalIds, organizations, verifications } from "@/lib/db/schema";
import { insertConnections } from "@/tests/support/admin-data";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { addConnection } from "../connections";
import { isDalError } from "../errors";
import { getOrganization } from "../organizations";
import { ownConnectionsNeedingStackUpdate, recordStackUpdate, stackUpdateTarget } from "../stack-update";
import { verificationTarget } from "../verifications";
import type { Viewer } from "../viewer";
import { countIssuedExternalIds, listConnectionsOnOldExternalId, listIssuedExternalIds, rotateExternalId } from "./external-ids";
import { listOrganizationsPage } from "./organization-list";
import { parseOrganizationList } from "@/lib/schemas/admin-organizations";

let admin: Viewer;
let org: string;
let member: Viewer;
let outsider: Viewer;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  member = await newMember(admin, org);
  outsider = await newMember(admin, await newOrganization(admin));
});

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: unknown) => (isDalError(e) ? e.code : Promise.reject(e)),
  );

function result(status: VerificationResult["status"], startedAt = new Date()): VerificationResult {
  return { status, checks: [], accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/R", startedAt: startedAt.toISOString(), durationMs: 800 };
}

const row = async (id: string) => (await getDb().select().from(connections).where(eq(connections.id, id)))[0]!;

describe("External ID rotation", () => {
  it("issues a new ID for new stacks while existing connections keep verifying with theirs", async () => {
    const before = (await getOrganization(admin, org)).externalId;
    const [existing] = await insertConnections(org, [{ status: "verified", lastCheckedAt: new Date() }]);
    const { externalId } = await rotateExternalId(admin, org);
    expect(externalId).not.toBe(before);
    expect((await getOrganization(admin, org)).externalId).toBe(externalId);
    const issued = await listIssuedExternalIds(admin, org);
    expect(await countIssuedExternalIds(admin, org)).toBe(issued.length);
    expect(await listIssuedExternalIds(admin, org, 1)).toEqual(issued.slice(0, 1));
    expect(issued.find((i) => i.externalId === externalId)).toMatchObject({ current: true, retiredAt: null });
    expect(issued.find((i) => i.externalId === before)).toMatchObject({ current: false, connectionCount: 1 });
    expect(issued.find((i) => i.externalId === before)?.retiredAt).toBeInstanceOf(Date);
    // The old ID keeps working for the existing connection: it is what a verification presents.
    expect((await verificationTarget(member, existing!)).externalId).toBe(before);
    expect((await listConnectionsOnOldExternalId(admin, org)).map((c) => c.id)).toEqual([existing]);
    const { name } = await getOrganization(admin, org);
    const listed = await listOrganizationsPage(admin, parseOrganizationList({ q: name, size: "100" }));
    expect(listed.rows.find((o) => o.id === org)?.onOldExternalId).toBe(1);
    expect((await ownConnectionsNeedingStackUpdate(member)).map((c) => c.id)).toEqual([existing]);
    // A stack created from now on carries the new ID.
    const added = await addConnection(member, { roleArn: "arn:aws:iam::210987654321:role/NewStack" });
    expect((await row(added.id)).externalId).toBe(externalId);
  });

  it("switches a connection only when the check with the new ID verified, atomically", async () => {
    const [id] = await insertConnections(org, [{ status: "verified", lastCheckedAt: new Date(Date.now() - 60_000) }]);
    await rotateExternalId(admin, org);
    const old = (await row(id!)).externalId;
    const target = await stackUpdateTarget(member, id!);
    expect(target.previousExternalId).toBe(old);
    expect(target.externalId).toBe((await getOrganization(admin, org)).externalId);

    // Too early: the stack still has the old ID. Recorded, nothing switched, the status is untouched.
    expect(await recordStackUpdate({ target, actorUserId: member.userId, result: result("failed") })).toEqual({ switched: false });
    expect(await row(id!)).toMatchObject({ externalId: old, status: "verified" });
    const history = await getDb().select().from(verifications).where(eq(verifications.connectionId, id!));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: "failed", externalId: target.externalId });

    expect(await recordStackUpdate({ target, actorUserId: member.userId, result: result("verified") })).toEqual({ switched: true });
    expect(await row(id!)).toMatchObject({ externalId: target.externalId, status: "verified" });
    expect((await listConnectionsOnOldExternalId(admin, org)).map((c) => c.id)).not.toContain(id);
    expect(await code(stackUpdateTarget(member, id!))).toBe("conflict");
  });

  it("does not switch to an ID that was rotated away while the check ran", async () => {
    const [id] = await insertConnections(org, [{ status: "failed", lastCheckedAt: new Date(Date.now() - 60_000) }]);
    await rotateExternalId(admin, org);
    const target = await stackUpdateTarget(member, id!);
    await rotateExternalId(admin, org);
    expect(await recordStackUpdate({ target, actorUserId: member.userId, result: result("verified") })).toEqual({ switched: false });
    expect((await row(id!)).externalId).toBe(target.previousExternalId);
  });

  it("keeps each organisation's stacks to itself", async () => {
    const [id] = await insertConnections(org, [{}]);
    await rotateExternalId(admin, org);
    expect(await code(stackUpdateTarget(outsider, id!))).toBe("not_found");
    expect(await ownConnectionsNeedingStackUpdate(outsider)).toEqual([]);
    expect(await code(ownConnectionsNeedingStackUpdate(admin))).toBe("forbidden");
    const target = await stackUpdateTarget(admin, id!);
    expect(parseRoleArn(target.role.arn).ok).toBe(true);
  });

  it("is refused to a member, and a refused rotation changes nothing", async () => {
    const [before] = await getDb().select({ externalId: organizations.externalId }).from(organizations).where(eq(organizations.id, org));
    const issued = await getDb().select().from(externalIds).where(eq(externalIds.organizationId, org));
    for (const attempt of [
      rotateExternalId(member, org),
      listIssuedExternalIds(member, org),
      listConnectionsOnOldExternalId(member, org),
      listOrganizationsPage(member, parseOrganizationList({})),
    ]) {
      expect(await code(attempt)).toBe("forbidden");
    }
    const [after] = await getDb().select({ externalId: organizations.externalId }).from(organizations).where(eq(organizations.id, org));
    expect(after).toEqual(before);
    expect(await getDb().select().from(externalIds).where(eq(externalIds.organizationId, org))).toEqual(issued);
    expect(await code(rotateExternalId(admin, "00000000-0000-4000-8000-000000000000"))).toBe("not_found");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { VerificationResult } from "@/lib/aws/verify";
import { accountId } from "@/tests/support/admin-data";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { countConnections } from "./admin/connection-list";
import { listDraftConnections } from "./admin/drafts";
import { connectionOverview } from "./admin/overview";
import { addConnection, allOwnConnectionsVerified, getConnection, listOwnConnections, newestOwnRegistration } from "./connections";
import { isDalError } from "./errors";
import { itemsOf } from "@/tests/support/jobs";
import { cancelJob, startBulkVerification } from "./jobs";
import { listConnectionRecords } from "./records";
import { recordVerification, verificationTarget } from "./verifications";
import type { Viewer } from "./viewer";

let admin: Viewer;
let member: Viewer;
let org: string;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  member = await newMember(admin, org);
});

const arn = (account = accountId(), name = "RolegateAccess") => `arn:aws:iam::${account}:role/${name}`;

function result(status: VerificationResult["status"], roleArn: string): VerificationResult {
  const failure = status === "verified" ? undefined : { code: "access-denied" as const, title: "AWS refused Rolegate access to the role", detail: "", causes: [], nextStep: "", side: "customer" as const };
  return { status, checks: [], ...(failure ? { failure } : {}), accountId: roleArn.split(":")[4]!, roleArn, startedAt: new Date().toISOString(), durationMs: 5 };
}

async function verifyAs(id: string, status: VerificationResult["status"]) {
  const target = await verificationTarget(member, id);
  await recordVerification({ target, trigger: "onboarding", actorUserId: null, result: result(status, target.role.arn) });
}

describe("drafts: a member's pasted ARN until it verifies", () => {
  it("a typo corrected in place leaves no failed connection for admins, and the draft that verifies becomes a connection", async () => {
    const before = { overview: await connectionOverview(admin, 7), listed: await countConnections(admin, { org } as never) };
    const typo = await addConnection(member, { roleArn: arn(undefined, "RolegateAcess") });
    expect(typo.draft).toBe(true);
    await verifyAs(typo.id, "failed");

    // Admins: not counted, not listed, not exported, not in "re-verify all failed", not in the API list; the organisation's page shows it.
    expect((await connectionOverview(admin, 7)).byStatus.failed).toBe(before.overview.byStatus.failed);
    expect(await countConnections(admin, { org, status: "failed" } as never)).toBe(0);
    expect((await listConnectionRecords(admin, { organizationId: org, limit: 50 })).data).toEqual([]);
    // Other tests' failed connections may share the database: the job, if any, must leave the draft out.
    const job = await startBulkVerification(admin, { kind: "failed" }).catch((e: unknown) => {
      if (isDalError(e, "invalid")) return null; // nothing failed anywhere
      throw e;
    });
    if (job) {
      expect((await itemsOf(job.id)).map((i) => i.connectionId)).not.toContain(typo.id);
      await cancelJob(admin, job.id);
    }
    expect((await listDraftConnections(admin, org)).map((d) => d.id)).toEqual([typo.id]);

    // Corrected: the typo is retired, the new ARN is a fresh draft.
    const fixed = await addConnection(member, { roleArn: arn(typo.accountId), replaces: typo.id });
    expect(fixed.id).not.toBe(typo.id);
    expect((await getConnection(member, typo.id)).status).toBe("disconnected");
    expect((await listDraftConnections(admin, org)).map((d) => d.id)).toEqual([fixed.id]);
    expect((await listOwnConnections(member)).map((c) => c.id)).toEqual([fixed.id]);

    await verifyAs(fixed.id, "verified");
    const connection = await getConnection(member, fixed.id);
    expect(connection).toMatchObject({ status: "verified", draft: false });
    expect(await countConnections(admin, { org } as never)).toBe(before.listed + 1);
    expect(await listDraftConnections(admin, org)).toEqual([]);
    expect(await allOwnConnectionsVerified(member)).toBe(true);
  });

  it("pasting a draft's ARN again reuses it; a verified connection's ARN is refused on the field", async () => {
    const roleArn = arn();
    const first = await addConnection(member, { roleArn });
    expect((await addConnection(member, { roleArn })).id).toBe(first.id);
    await verifyAs(first.id, "verified");
    await expect(addConnection(member, { roleArn })).rejects.toSatisfy((e: unknown) => isDalError(e, "conflict") && (e as { field?: string }).field === "roleArn");
  });

  it("never retires a verified connection or another organisation's draft through `replaces`", async () => {
    const other = await newMember(admin, await newOrganization(admin));
    const theirs = await addConnection(other, { roleArn: arn() });
    const mine = await addConnection(member, { roleArn: arn() });
    await verifyAs(mine.id, "verified");
    await addConnection(member, { roleArn: arn(), replaces: theirs.id });
    await addConnection(member, { roleArn: arn(), replaces: mine.id });
    expect((await getConnection(other, theirs.id)).status).toBe("pending");
    expect((await getConnection(member, mine.id)).status).toBe("verified");
  });

  it("connections the partner adds are not drafts; the poll for a launched stack sees them and not the member's drafts", async () => {
    const org = await newOrganization(admin);
    const member = await newMember(admin, org);
    const since = new Date(Date.now() - 1_000);
    await addConnection(member, { roleArn: arn() });
    expect(await newestOwnRegistration(member, since)).toBeNull();
    const registered = await addConnection(admin, { roleArn: arn(), organizationId: org });
    expect(registered.draft).toBe(false);
    expect(await newestOwnRegistration(member, since)).toMatchObject({ id: registered.id, status: "pending" });
    expect(await allOwnConnectionsVerified(member)).toBe(false);
    await recordVerification({ target: await verificationTarget(admin, registered.id), trigger: "api", actorUserId: null, result: result("verified", registered.roleArn) });
    expect(await newestOwnRegistration(member, since)).toMatchObject({ id: registered.id, status: "verified", failure: null });
    expect(await allOwnConnectionsVerified(member)).toBe(true);
    expect(await newestOwnRegistration(member, new Date(Date.now() + 60_000))).toBeNull();
  });
});

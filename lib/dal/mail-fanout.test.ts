import { and, eq, inArray, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { connections, mailOutbox } from "@/lib/db/schema";
import { rotateExternalId } from "@/lib/dal/admin/external-ids";
import { removeConnection } from "@/lib/dal/connections";
import { recordVerification, verificationTarget } from "@/lib/dal/verifications";
import type { UserViewer } from "@/lib/dal/viewer";
import { fakeResult, newConnections } from "@/tests/support/jobs";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { enqueueDailyDigest, enqueuePartnerCredentialAlert, fanOutMailEvents } from "./mail-fanout";
import { getMailPreferences, updateMailPreferences } from "./mail-preferences";

let admin: UserViewer;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
});

/** Reads the log up to now (another test file's worker may hold the cursor for a moment on PostgreSQL). */
async function fanOut(until: () => Promise<boolean>) {
  const end = Date.now() + 15_000;
  do {
    while ((await fanOutMailEvents(500)) > 0);
    if (await until()) return;
    await new Promise((r) => setTimeout(r, 50));
  } while (Date.now() < end);
  throw new Error("the mail never appeared");
}

const mailTo = (emails: string[]) =>
  getDb().select().from(mailOutbox).where(inArray(mailOutbox.recipient, emails));

async function check(connectionId: string, status: "verified" | "failed" | "insecure") {
  const target = await verificationTarget(admin, connectionId);
  await recordVerification({ target, trigger: "manual", actorUserId: null, result: fakeResult(target, status) });
  await new Promise((r) => setTimeout(r, 5)); // the next check starts later
}

describe("status change mail", () => {
  it("goes to the organisation's members and to admins who opted in, not to people who opted out", async () => {
    const org = await newOrganization(admin, "Acme <b>Bold</b> & Sons");
    const keen = await newMember(admin, org);
    const quiet = await newMember(admin, org);
    await updateMailPreferences(quiet, { statusChanges: false, rotationNotices: true, digest: true });
    const watcher = await newAdmin();
    await updateMailPreferences(watcher, { statusChanges: true, rotationNotices: true, digest: true });
    const other = await newMember(admin, await newOrganization(admin)); // another organisation's member
    const [connectionId] = await newConnections(org, 1);
    await check(connectionId!, "verified"); // the first verification is not news: nobody is mailed
    await check(connectionId!, "failed");
    const people = [keen.email, quiet.email, watcher.email, other.email, admin.email];
    // Admins who opted in hear of every organisation: on a shared database, other tests' connections too.
    const aboutThis = (m: { recipient: string; link: string | null; category: string }) =>
      m.category === "status_change" && (m.recipient !== watcher.email || (m.link ?? "").endsWith(`/admin/connections/${connectionId}`));
    await fanOut(async () => (await mailTo(people)).filter(aboutThis).length >= 2);
    const mail = (await mailTo(people)).filter(aboutThis);
    expect(mail.map((m) => m.recipient).sort()).toEqual([keen.email, watcher.email].sort());
    const [forMember] = mail.filter((m) => m.recipient === keen.email);
    expect(forMember!.subject).toMatch(/^Connection failed: AWS account \d{12} of Acme <b>Bold<\/b> & Sons$/);
    expect(forMember!.html).toContain("Acme &lt;b&gt;Bold&lt;/b&gt; &amp; Sons");
    expect(forMember!.html).not.toContain("<b>Bold</b>");
    expect(forMember!.link).toBe("http://localhost:3000/accounts");
    expect(forMember!.text).toContain("http://localhost:3000/account/notifications");
    expect(mail.find((m) => m.recipient === watcher.email)!.link).toBe(`http://localhost:3000/admin/connections/${connectionId}`);
    // No External ID in mail.
    const [conn] = await getDb().select({ externalId: connections.externalId }).from(connections).where(eq(connections.id, connectionId!));
    for (const m of mail) expect(m.text + m.html + m.subject).not.toContain(conn!.externalId);

    // Recovery is news; a removal too.
    await check(connectionId!, "verified");
    await removeConnection(admin, connectionId!);
    await fanOut(async () => (await mailTo([keen.email])).filter((m) => m.category === "status_change").length >= 3);
    const subjects = (await mailTo([keen.email])).filter((m) => m.category === "status_change").map((m) => m.subject.split(":")[0]);
    expect(subjects.sort()).toEqual(["Connection failed", "Connection removed", "Connection working again"]);
    expect((await mailTo([quiet.email])).filter((m) => m.category === "status_change")).toEqual([]);
  });

  it("says nothing of a draft that failed while its member was fixing it", async () => {
    const org = await newOrganization(admin);
    const member = await newMember(admin, org);
    const [draft] = await newConnections(org, 1);
    await getDb().update(connections).set({ draft: true }).where(eq(connections.id, draft!));
    await check(draft!, "failed");
    const marker = await newOrganization(admin); // an event after it: once it is read, so is the draft's
    await fanOut(async () => {
      const rows = await getDb().execute(sql`select 1 from event_cursors c, events e
        where c.name = 'mail' and e.organization_id = ${marker} and (c.tx_id, c.seq) >= (e.tx_id, e.seq)`);
      return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).length > 0;
    });
    expect((await mailTo([member.email])).filter((m) => m.category === "status_change")).toEqual([]);
  });
});

describe("rotation notices", () => {
  it("tell the members to update their stacks, without the External ID, unless they opted out", async () => {
    const org = await newOrganization(admin, "Rotating Org");
    const keen = await newMember(admin, org);
    const quiet = await newMember(admin, org);
    await updateMailPreferences(quiet, { statusChanges: true, rotationNotices: false, digest: true });
    const { externalId } = await rotateExternalId(admin, org);
    await fanOut(async () => (await mailTo([keen.email])).some((m) => m.category === "rotation"));
    const [notice] = (await mailTo([keen.email, quiet.email])).filter((m) => m.category === "rotation");
    expect(notice).toMatchObject({ recipient: keen.email, link: "http://localhost:3000/onboarding" });
    expect(notice!.subject).toContain("Rotating Org");
    expect(notice!.text + notice!.html).not.toContain(externalId);
    expect((await mailTo([quiet.email])).filter((m) => m.category === "rotation")).toEqual([]);
  });
});

describe("preferences", () => {
  it("default to status mail for members and to opting in for admins", async () => {
    const org = await newOrganization(admin);
    expect(await getMailPreferences(await newMember(admin, org))).toEqual({ statusChanges: true, rotationNotices: true, digest: true });
    expect(await getMailPreferences(await newAdmin())).toEqual({ statusChanges: false, rotationNotices: true, digest: true });
  });
});

describe("daily digest", () => {
  it("goes once per admin per day while something is failing, however often it is asked for", async () => {
    const org = await newOrganization(admin);
    await newConnections(org, 2, { status: "failed" });
    const optedOut = await newAdmin();
    await updateMailPreferences(optedOut, { statusChanges: false, rotationNotices: true, digest: false });
    const day = new Date("2031-03-04T09:00:00Z");
    const first = await Promise.all([enqueueDailyDigest(day), enqueueDailyDigest(day), enqueueDailyDigest(new Date("2031-03-04T23:59:00Z"))]);
    expect(first.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const digests = await getDb().select().from(mailOutbox).where(like(mailOutbox.dedupeKey, "digest:2031-03-04:%"));
    expect(digests.filter((d) => d.recipient === admin.email)).toHaveLength(1);
    expect(digests.filter((d) => d.recipient === optedOut.email)).toHaveLength(0);
    expect(digests[0]!.link).toBe("http://localhost:3000/admin/connections?status=failed");
    expect(digests[0]!.subject).toMatch(/^Rolegate daily digest: \d+ connections need attention$/);
    expect(await enqueueDailyDigest(new Date("2031-03-05T00:01:00Z"))).toBeGreaterThan(0); // the next day, again
  });
});

describe("partner credential alerts", () => {
  it("go to every admin, opted out of everything or not, once per incident", async () => {
    const optedOut = await newAdmin();
    await updateMailPreferences(optedOut, { statusChanges: false, rotationNotices: false, digest: false });
    const send = () =>
      getDb().transaction((tx) => enqueuePartnerCredentialAlert(tx, { summary: "AssumeRole was denied for every role (AccessDenied).", dedupeKey: "incident-1" }));
    expect(await send()).toBeGreaterThanOrEqual(2);
    expect(await send()).toBe(0);
    const alerts = await getDb().select().from(mailOutbox).where(and(eq(mailOutbox.category, "security"), inArray(mailOutbox.recipient, [admin.email, optedOut.email])));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]!.subject).toBe("Security alert: Rolegate's own AWS credentials are failing");
    expect(alerts[0]!.text).toContain("AccessDenied");
    // Nothing is queued if the cause rolls back.
    await getDb()
      .transaction(async (tx) => {
        await enqueuePartnerCredentialAlert(tx, { summary: "rolled back", dedupeKey: "incident-2" });
        throw new Error("abort");
      })
      .catch(() => undefined);
    expect(await getDb().select().from(mailOutbox).where(like(mailOutbox.dedupeKey, "security:incident-2:%"))).toEqual([]);
  });
});

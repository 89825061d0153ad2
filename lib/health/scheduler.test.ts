import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, gte } from "drizzle-orm";
import { claimDueChecks, spreadUnscheduled } from "@/lib/dal/health-checks";
import { getDb } from "@/lib/db/client";
import { mailOutbox } from "@/lib/db/schema";
import type { VerificationTarget } from "@/lib/dal/verifications";
import { partnerCredentialAlert } from "@/lib/health/alert";
import type { HealthScheduler } from "@/lib/health/scheduler";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { auditCount, connectionRow, eventTypesOf, failedWith, historyOf, makeDue, testScheduler } from "@/tests/support/health";
import { fakeResult, newConnections, waitFor } from "@/tests/support/jobs";

const HOUR = 3_600_000;
const schedulers: HealthScheduler[] = [];
let admin: Awaited<ReturnType<typeof newAdmin>>;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
});
afterAll(async () => {
  await Promise.all(schedulers.map((s) => s.stop()));
});

/** A fresh organisation with `n` connections in `status`, all due now. */
async function dueConnections(n: number, status: "verified" | "failed" = "verified") {
  const org = await newOrganization(admin);
  const ids = await newConnections(org, n, { status });
  await makeDue(ids);
  return { org, ids };
}

/** The security e-mail queued for a user since a time. */
async function securityMailTo(userId: string, since: Date) {
  return getDb()
    .select({ subject: mailOutbox.subject, text: mailOutbox.text })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.userId, userId), eq(mailOutbox.category, "security"), gte(mailOutbox.createdAt, since)));
}

function start(org: string, options: Parameters<typeof testScheduler>[1]) {
  const s = testScheduler(org, options);
  schedulers.push(s);
  return s;
}

/** A check function that answers from a script per connection (the last answer repeats), counting calls. */
function scripted(answer: (target: VerificationTarget, call: number) => ReturnType<typeof fakeResult>) {
  const calls = new Map<string, number>();
  const check = async (target: VerificationTarget) => {
    const n = (calls.get(target.connectionId) ?? 0) + 1;
    calls.set(target.connectionId, n);
    return answer(target, n);
  };
  return Object.assign(check, { calls });
}

describe("scheduled health checks", () => {
  it("checks each due connection once with two schedulers on the same database, and schedules it one interval later", async () => {
    const { org, ids } = await dueConnections(40);
    const check = scripted((t) => fakeResult(t, "verified"));
    const before = Date.now();
    const a = start(org, { check });
    const b = start(org, { check });
    await waitFor(async () => (await Promise.all(ids.map(async (id) => (await historyOf(id)).length))).every((n) => n === 1), 15_000, "one check each");
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all([a.stop(), b.stop()]);

    expect(check.calls.size).toBe(40);
    expect([...check.calls.values()].every((n) => n === 1)).toBe(true);
    expect(a.stats.checks + b.stats.checks).toBe(40);
    for (const id of ids.slice(0, 5)) {
      const row = await connectionRow(id);
      expect(row.status).toBe("verified");
      expect(row.nextCheckAt!.getTime()).toBeGreaterThan(before + HOUR - 5_000);
      expect(row.nextCheckAt!.getTime()).toBeLessThan(Date.now() + HOUR);
      expect((await historyOf(id))[0]).toMatchObject({ trigger: "scheduled", inconclusive: false });
    }
  });

  it("spreads connections without a due time evenly over the interval, and keeps them there across a restart", async () => {
    const org = await newOrganization(admin);
    const ids = await newConnections(org, 100, { status: "verified" });
    const start0 = Date.now();
    expect(await spreadUnscheduled(HOUR, { only: [org] })).toBe(100);
    expect(await spreadUnscheduled(HOUR, { only: [org] })).toBe(0); // already spread: nothing moves
    const due = (await Promise.all(ids.map(connectionRow))).map((r) => r.nextCheckAt!.getTime()).sort((x, y) => x - y);
    expect(due[0]).toBeGreaterThanOrEqual(start0 - 1_000);
    expect(due.at(-1)!).toBeLessThanOrEqual(Date.now() + HOUR);
    const gaps = due.slice(1).map((t, i) => t - due[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual((2 * HOUR) / 100 + 1_000); // one slot of interval/n each, jitter inside it
  });

  it("after a crash, picks up the checks another instance had claimed once their lease ends", async () => {
    const { org, ids } = await dueConnections(6);
    // An instance that claimed four checks and died: nothing finishes them.
    const orphaned = await claimDueChecks({ limit: 4, aheadMs: 0, leaseMs: 800, only: [org] });
    expect(orphaned).toHaveLength(4);
    const check = scripted((t) => fakeResult(t, "verified"));
    start(org, { check });
    await waitFor(() => check.calls.size === 2, 5_000, "the two unclaimed checks");
    expect(orphaned.every((o) => !check.calls.has(o.target.connectionId))).toBe(true);
    await waitFor(() => check.calls.size === 6, 5_000, "the orphaned checks after their lease");
    expect([...check.calls.values()].every((n) => n === 1)).toBe(true);
    expect(ids.every((id) => check.calls.has(id))).toBe(true);
  });

  it("an inconclusive check keeps the status, is in the history with its reason, and is tried again after a minute or so", async () => {
    const { org, ids } = await dueConnections(2);
    const check = scripted((t) => failedWith(t, "throttled"));
    const s = start(org, { check });
    await waitFor(async () => (await historyOf(ids[1]!)).length === 1, 5_000, "the checks");
    await s.stop();
    for (const id of ids) {
      const row = await connectionRow(id);
      expect(row.status).toBe("verified");
      expect(row.lastCheckedAt).toBeNull(); // an inconclusive check is not a check of the role
      expect(row.inconclusiveChecks).toBe(1);
      expect(row.nextCheckAt!.getTime() - Date.now()).toBeGreaterThan(40_000);
      expect(row.nextCheckAt!.getTime() - Date.now()).toBeLessThan(75_000);
      expect(await historyOf(id)).toMatchObject([{ trigger: "scheduled", inconclusive: true, failureCode: "throttled" }]);
      expect(await eventTypesOf(id)).toEqual([]);
    }
    expect(s.stats.confirmations).toBe(0);
  });

  it("one failed check of a verified connection changes nothing: the immediate re-check decides", async () => {
    const { org, ids } = await dueConnections(1);
    const id = ids[0]!;
    const check = scripted((t, n) => (n === 1 ? failedWith(t, "access-denied") : fakeResult(t, "verified")));
    const s = start(org, { check });
    await waitFor(async () => (await historyOf(id)).length === 1, 5_000, "the check");
    await s.stop();
    expect(check.calls.get(id)).toBe(2);
    expect((await connectionRow(id)).status).toBe("verified");
    expect(await historyOf(id)).toMatchObject([{ status: "verified", inconclusive: false }]);
    expect(await eventTypesOf(id)).toEqual([]);
  });

  it("two failed checks in a row change the status once, with one event and 'failing since'", async () => {
    const { org, ids } = await dueConnections(1);
    const id = ids[0]!;
    const check = scripted((t) => failedWith(t, "access-denied"));
    const s = start(org, { check });
    await waitFor(async () => (await connectionRow(id)).status === "failed", 5_000, "failed");
    await s.stop();
    expect(check.calls.get(id)).toBe(2);
    expect(await historyOf(id)).toMatchObject([{ status: "failed", inconclusive: false }]); // the confirmed one only
    expect(await eventTypesOf(id)).toEqual(["connection.failed"]);
    const row = await connectionRow(id);
    expect(Date.now() - row.statusSince!.getTime()).toBeLessThan(10_000);
    expect(row.nextCheckAt!.getTime() - Date.now()).toBeGreaterThan(HOUR - 10_000);
  });

  it("partner credentials rejected: no customer's status changes, checks are inconclusive, admins are alerted once until it clears", async () => {
    const { org, ids } = await dueConnections(3);
    const raisedBefore = await auditCount("health.alert.raised", "partner-credentials");
    const startedAt = new Date();
    let broken = true;
    const check = scripted((t) => (broken ? failedWith(t, "partner-credentials") : fakeResult(t, "verified")));
    const s = start(org, { check, settings: { retryDelaysMs: Array.from({ length: 20 }, () => 250) } });
    await waitFor(async () => (await historyOf(ids[0]!)).length >= 2, 10_000, "a retried check");
    for (const id of ids) {
      expect((await connectionRow(id)).status).toBe("verified");
      expect((await historyOf(id)).every((h) => h.inconclusive && h.failureCode === "partner-credentials")).toBe(true);
      expect(await eventTypesOf(id)).toEqual([]);
    }
    expect(s.stats.confirmations).toBe(0);
    expect(await partnerCredentialAlert()).toMatchObject({ reason: "partner-credentials" });
    expect(await auditCount("health.alert.raised", "partner-credentials")).toBe(raisedBefore + 1); // once, though it failed again
    // Each admin is e-mailed once for the incident, in words, with nothing about any customer.
    const mail = await securityMailTo(admin.userId!, startedAt);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe("Security alert: Rolegate's own AWS credentials are failing");
    expect(mail[0]!.text).toContain("the partner's own AWS credentials were rejected");
    broken = false;
    await waitFor(async () => (await partnerCredentialAlert()) === null, 10_000, "the alert cleared");
    await s.stop();
    expect(await auditCount("health.alert.cleared", "partner-credentials")).toBeGreaterThanOrEqual(1);
  });

  it("every role of a batch denied at once points at the partner: statuses stay, the checks are inconclusive", async () => {
    const { org, ids } = await dueConnections(4);
    const check = scripted((t) => failedWith(t, "access-denied"));
    const s = start(org, { check, settings: { aheadMs: 2_000 } });
    await waitFor(async () => (await Promise.all(ids.map(async (id) => (await historyOf(id)).length))).every((n) => n === 1), 10_000, "the checks");
    await s.stop();
    for (const id of ids) {
      expect((await connectionRow(id)).status).toBe("verified");
      expect(await historyOf(id)).toMatchObject([{ inconclusive: true, failureCode: "partner-denied" }]);
      expect(await eventTypesOf(id)).toEqual([]);
    }
    // Cleared for the tests that follow (and shows a working check clears it).
    await makeDue([ids[0]!]);
    const ok = start(org, { check: scripted((t) => fakeResult(t, "verified")) });
    await waitFor(async () => (await partnerCredentialAlert()) === null, 10_000, "the alert cleared");
    await ok.stop();
  });
});

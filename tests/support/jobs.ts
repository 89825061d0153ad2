import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { VerificationResult, VerificationStatus } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { connections, jobItems, jobs, organizations } from "@/lib/db/schema";
import { recordVerification, type VerificationTarget } from "@/lib/dal/verifications";
import type { VerifyFn } from "@/lib/jobs/run-item";

/** A random simulated customer account id. */
export function accountId(): string {
  return String(200_000_000_000 + Math.floor(Math.random() * 799_999_999_999));
}

/** Inserts `n` connections of an organisation directly (fast; tests only), returning their ids. */
export async function newConnections(
  organizationId: string,
  n: number,
  options: { status?: (typeof connections.$inferInsert)["status"]; roleArn?: (i: number) => string; createdAt?: Date } = {},
): Promise<string[]> {
  const db = getDb();
  const [org] = await db.select({ externalId: organizations.externalId }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new Error("organisation not found");
  const tag = randomUUID().slice(0, 8);
  const rows = Array.from({ length: n }, (_, i) => {
    const roleArn = options.roleArn?.(i) ?? `arn:aws:iam::${accountId()}:role/Bulk-${tag}-${i}`;
    const [, , , , account = "", resource = ""] = roleArn.split(":");
    return {
      organizationId,
      roleArn,
      accountId: account,
      partition: "aws",
      roleName: resource.split("/").pop() ?? "",
      externalId: org.externalId,
      status: options.status ?? "pending",
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    };
  });
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db.insert(connections).values(rows.slice(i, i + 500)).returning({ id: connections.id });
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** A verification result as verifyConnection returns it, without calling STS. */
export function fakeResult(target: VerificationTarget, status: VerificationStatus, overrides: Partial<VerificationResult> = {}): VerificationResult {
  return {
    status,
    checks: [],
    accountId: target.role.accountId,
    roleArn: target.role.arn,
    startedAt: new Date().toISOString(),
    durationMs: 1,
    ...(status === "verified"
      ? {}
      : { failure: { code: "access-denied", title: "Access denied", detail: "", causes: [], nextStep: "", side: "customer" } }),
    ...overrides,
  };
}

/** A verify function that records a verified result (through the real recordVerification) and counts its calls. */
export function countingVerify(options: { delayMs?: () => number } = {}): VerifyFn & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const verify = async (target: VerificationTarget, opts: Parameters<VerifyFn>[1]) => {
    calls.set(target.connectionId, (calls.get(target.connectionId) ?? 0) + 1);
    const delay = options.delayMs?.() ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const result = fakeResult(target, "verified");
    await recordVerification({ target, trigger: opts.trigger, actorUserId: opts.actorUserId, result });
    return result;
  };
  return Object.assign(verify, { calls });
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A job's status, straight from the table. */
export async function jobStatus(jobId: string): Promise<string | undefined> {
  const [row] = await getDb().select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
  return row?.status;
}

/** A job's items, straight from the table. */
export async function itemsOf(jobId: string) {
  return getDb().select().from(jobItems).where(eq(jobItems.jobId, jobId));
}

/** Statuses of connections, by id. */
export async function connectionStatuses(ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await getDb().select({ id: connections.id, status: connections.status }).from(connections).where(inArray(connections.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Ends every job a test file started that is still live, so no worker elsewhere picks it up. */
export async function cancelLeftovers(jobIds: readonly string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await getDb()
    .update(jobs)
    .set({ status: "cancelled", finishedAt: new Date() })
    .where(and(inArray(jobs.id, [...jobIds]), inArray(jobs.status, ["queued", "running", "cancelling"])));
}

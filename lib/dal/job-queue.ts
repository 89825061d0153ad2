import "server-only";
import { and, asc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { parseRoleArn } from "@/lib/aws/arn";
import { getDb } from "@/lib/db/client";
import { connections, jobItems, jobs } from "@/lib/db/schema";
import { anyOf } from "./any-of";
import { ms } from "./interval";
import { isFresh, type VerificationTarget } from "./verifications";

/**
 * The job queue as the background worker sees it: claiming items exactly once across instances
 * (FOR UPDATE SKIP LOCKED plus a lease) and what to verify for them. No viewer here: only the
 * worker calls these, never a request. Ending items and jobs: ./job-lifecycle.
 */

/** An item a worker holds: `attempts` is the claim's fencing token. */
export type ClaimedItem = { jobId: string; connectionId: string; attempts: number };

/** A job with claimable work, oldest first. */
export type ActiveJob = { id: string; createdBy: string | null };

const ACTIVE = ["queued", "running"] as const;

/** Jobs whose items may be claimed (optionally only some: tests and the benchmark). */
export async function activeJobs(only?: readonly string[]): Promise<ActiveJob[]> {
  return getDb()
    .select({ id: jobs.id, createdBy: jobs.createdBy })
    .from(jobs)
    .where(and(inArray(jobs.status, [...ACTIVE]), only ? inArray(jobs.id, [...only]) : undefined))
    .orderBy(asc(jobs.createdAt))
    .limit(20);
}

/**
 * Claims up to `limit` items of a job that are pending or whose lease has passed, in one
 * statement: rows another instance is claiming are skipped, not waited for.
 */
export async function claimItems(jobId: string, limit: number, leaseMs: number): Promise<ClaimedItem[]> {
  const db = getDb();
  const claimable = db
    .select({ connectionId: jobItems.connectionId })
    .from(jobItems)
    .where(
      and(
        eq(jobItems.jobId, jobId),
        or(eq(jobItems.status, "pending"), and(eq(jobItems.status, "running"), lt(jobItems.leaseUntil, sql`now()`))),
        // A job cancelled since it was listed gives out nothing more.
        sql`exists (select 1 from ${jobs} where ${jobs.id} = ${jobId} and ${jobs.status} in ('queued', 'running'))`,
      ),
    )
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(jobItems)
    .set({ status: "running", attempts: sql`${jobItems.attempts} + 1`, leaseUntil: sql`now() + ${ms(leaseMs)}`, updatedAt: sql`now()` })
    // = any(array(…)), not in (…): an uncorrelated array is computed once (an InitPlan), whereas
    // PostgreSQL may re-run an IN subquery with LIMIT … SKIP LOCKED and claim more than `limit`.
    .where(and(eq(jobItems.jobId, jobId), sql`${jobItems.connectionId} = any(array(${claimable}))`))
    .returning({ jobId: jobItems.jobId, connectionId: jobItems.connectionId, attempts: jobItems.attempts });
  if (claimed.length > 0) {
    await db
      .update(jobs)
      .set({ status: "running", startedAt: sql`coalesce(${jobs.startedAt}, now())`, heartbeatAt: sql`now()` })
      .where(and(eq(jobs.id, jobId), eq(jobs.status, "queued")));
  }
  return claimed;
}

/** What to verify for each connection: a target, or "gone" when it was removed since the job began. */
export async function itemTargets(connectionIds: readonly string[], now = new Date()): Promise<Map<string, VerificationTarget | "gone">> {
  const rows = connectionIds.length
    ? await getDb()
        .select({
          id: connections.id,
          organizationId: connections.organizationId,
          roleArn: connections.roleArn,
          externalId: connections.externalId,
          status: connections.status,
          lastVerifiedAt: connections.lastVerifiedAt,
          createdAt: connections.createdAt,
        })
        .from(connections)
        .where(anyOf(connections.id, connectionIds))
    : [];
  const targets = new Map<string, VerificationTarget | "gone">(connectionIds.map((id) => [id, "gone"]));
  for (const row of rows) {
    const parsed = parseRoleArn(row.roleArn);
    if (row.status === "disconnected" || !parsed.ok) continue;
    targets.set(row.id, {
      connectionId: row.id,
      organizationId: row.organizationId,
      role: parsed.role,
      externalId: row.externalId,
      fresh: isFresh(row, now),
    });
  }
  return targets;
}

import "server-only";
import { and, count, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections, jobItems, jobs } from "@/lib/db/schema";
import { anyOf } from "./any-of";
import { recordAudit } from "./audit";
import { DalError } from "./errors";
import { BULK_JOB_KIND, getJobProgress, jobNotFound, type JobProgress, type JobStatus } from "./job-progress";
import { isUuid } from "./ids";
import { finalizeJobs } from "./job-lifecycle";
import { actorOf, assertAdmin, userIdOf, type Viewer } from "./viewer";

/** What a bulk re-verification covers: chosen connections, every failed one, or every one not removed. */
export type BulkScope = { kind: "selection"; connectionIds: readonly string[] } | { kind: "failed" } | { kind: "all" };

export type { JobProgress, JobStatus } from "./job-progress";
export { getJobProgress, listJobs } from "./job-progress";

/** More than this many live jobs from one admin is a mistake (a double click, a script), not a need. */
export const MAX_ACTIVE_JOBS = 5;
const LIVE: JobStatus[] = ["queued", "running", "cancelling"];

const EMPTY: Record<BulkScope["kind"], string> = {
  selection: "None of the selected connections can be re-verified: they were removed or do not exist.",
  failed: "No connection is failing right now: there is nothing to re-verify.",
  all: "There is no connection to re-verify yet.",
};

/** The connections a scope covers; undefined for an empty selection. */
function scopeWhere(scope: BulkScope): SQL | undefined {
  // Drafts (pasted ARNs not verified yet) belong to the customer's onboarding, not to bulk runs.
  if (scope.kind === "failed") return and(eq(connections.status, "failed"), eq(connections.draft, false));
  if (scope.kind === "all") return and(ne(connections.status, "disconnected"), eq(connections.draft, false));
  return scope.connectionIds.length > 0 ? and(anyOf(connections.id, scope.connectionIds), ne(connections.status, "disconnected")) : undefined;
}

/** How many connections a job over every failed connection, or every connection, would re-verify now (admins only). */
export async function countBulkScope(viewer: Viewer, kind: "failed" | "all"): Promise<number> {
  assertAdmin(viewer);
  const [row] = await getDb().select({ n: count() }).from(connections).where(scopeWhere({ kind }));
  return row?.n ?? 0;
}

/**
 * Creates a bulk re-verification job and one item per connection in scope, in one transaction
 * (admins only). The background worker picks it up; returns its id and size.
 */
export async function startBulkVerification(viewer: Viewer, scope: BulkScope): Promise<{ id: string; total: number }> {
  assertAdmin(viewer);
  const ids = scope.kind === "selection" ? [...new Set(scope.connectionIds)].filter(isUuid) : [];
  const inScope = scopeWhere(scope.kind === "selection" ? { kind: "selection", connectionIds: ids } : scope);
  if (!inScope) throw new DalError("invalid", EMPTY.selection);
  const userId = userIdOf(viewer);
  return getDb().transaction(async (tx) => {
    const [live] = await tx.select({ n: count() }).from(jobs).where(and(eq(jobs.createdBy, userId), inArray(jobs.status, LIVE)));
    if ((live?.n ?? 0) >= MAX_ACTIVE_JOBS) {
      throw new DalError("conflict", `You already have ${MAX_ACTIVE_JOBS} bulk re-verifications under way. Wait for one to finish, or cancel one.`);
    }
    const detail = scope.kind === "selection" ? { kind: scope.kind, count: ids.length } : { kind: scope.kind };
    const [job] = await tx.insert(jobs).values({ kind: BULK_JOB_KIND, scope: detail, createdBy: userId }).returning({ id: jobs.id });
    if (!job) throw new Error("job insert returned no row");
    await tx.execute(sql`insert into ${jobItems} (job_id, connection_id) select ${job.id}::uuid, ${connections.id} from ${connections} where ${inScope}`);
    const [items] = await tx.select({ n: count() }).from(jobItems).where(eq(jobItems.jobId, job.id));
    const total = items?.n ?? 0;
    if (total === 0) throw new DalError("invalid", EMPTY[scope.kind]);
    await tx.update(jobs).set({ total }).where(eq(jobs.id, job.id));
    await recordAudit(tx, { ...actorOf(viewer), organizationId: null, action: "job.start", targetId: job.id, detail: { ...detail, total } });
    return { id: job.id, total };
  });
}

/**
 * Cancels a job (admins only): workers stop claiming its items at once, items already being
 * verified finish and are recorded, and the job ends `cancelled` when none is left in flight.
 */
export async function cancelJob(viewer: Viewer, id: string): Promise<JobProgress> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw jobNotFound();
  const db = getDb();
  const [row] = await db
    .update(jobs)
    .set({ status: "cancelling" })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["queued", "running"])))
    .returning({ id: jobs.id });
  if (!row) {
    const [job] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id));
    if (!job) throw jobNotFound();
    throw new DalError("conflict", job.status === "cancelling" ? "This job is already being cancelled." : "This job has already ended.");
  }
  await recordAudit(db, { ...actorOf(viewer), organizationId: null, action: "job.cancel", targetId: id });
  await finalizeJobs([id]);
  return getJobProgress(viewer, id);
}

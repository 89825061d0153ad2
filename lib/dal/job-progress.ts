import "server-only";
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { jobItems, jobs, users } from "@/lib/db/schema";
import { DalError } from "./errors";
import { assertAdmin, type Viewer } from "./viewer";
import { isUuid } from "./ids";

/** Where a job is in its life: queued, running, cancelling, cancelled, completed (failed is unused so far). */
export type JobStatus = (typeof jobs.$inferSelect)["status"];

/** A job and its progress, as plain JSON (dates as ISO strings) for pages and the progress route. */
export type JobProgress = {
  id: string;
  status: JobStatus;
  scope: "selection" | "failed" | "all";
  total: number;
  verified: number;
  /** Failed or insecure: not verified. */
  failed: number;
  insecure: number;
  /** Removed since the job started, or given up on. */
  skipped: number;
  inProgress: number;
  pending: number;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  heartbeatAt: string | null;
  /** Running, but no worker has reported for a minute (every worker holding its items does every 10 s). */
  stale: boolean;
};

/** The `kind` of bulk re-verification jobs (the jobs table may hold other kinds later). */
export const BULK_JOB_KIND = "bulk-verification";
/** The refusal for an unknown job. */
export const jobNotFound = () => new DalError("not_found", "Job not found.");

/** The most recent jobs with their progress, newest first (admins only). */
export async function listJobs(viewer: Viewer, limit = 25): Promise<JobProgress[]> {
  assertAdmin(viewer);
  return withCounts(await jobRows(undefined, limit));
}

/** One job's progress (admins only); unknown ids read as not found. */
export async function getJobProgress(viewer: Viewer, id: string): Promise<JobProgress> {
  assertAdmin(viewer);
  if (!isUuid(id)) throw jobNotFound();
  const [job] = await withCounts(await jobRows(id, 1));
  if (!job) throw jobNotFound();
  return job;
}

async function jobRows(id: string | undefined, limit: number) {
  return getDb()
    .select({
      id: jobs.id,
      status: jobs.status,
      scope: jobs.scope,
      total: jobs.total,
      createdBy: users.name,
      createdAt: jobs.createdAt,
      startedAt: jobs.startedAt,
      finishedAt: jobs.finishedAt,
      heartbeatAt: jobs.heartbeatAt,
      quiet: sql<boolean>`coalesce(${jobs.heartbeatAt} < now() - interval '1 minute', false)`,
    })
    .from(jobs)
    .leftJoin(users, eq(users.id, jobs.createdBy))
    .where(and(eq(jobs.kind, BULK_JOB_KIND), id ? eq(jobs.id, id) : undefined))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
}

// Counted from job_items (an index-only range of (job_id, status) plus the outcome): measured by
// `npm run bench:bulk`. The jobs row has no counter columns, and items are the truth anyway.
async function withCounts(rows: Awaited<ReturnType<typeof jobRows>>): Promise<JobProgress[]> {
  if (rows.length === 0) return [];
  const counts = await getDb()
    .select({ jobId: jobItems.jobId, status: jobItems.status, outcome: jobItems.outcome, n: count() })
    .from(jobItems)
    .where(inArray(jobItems.jobId, rows.map((r) => r.id)))
    .groupBy(jobItems.jobId, jobItems.status, jobItems.outcome);
  return rows.map((row) => {
    const of = (test: (c: (typeof counts)[number]) => boolean) => counts.filter((c) => c.jobId === row.id && test(c)).reduce((n, c) => n + c.n, 0);
    const scope = (row.scope as { kind?: string } | null)?.kind;
    return {
      id: row.id,
      status: row.status,
      scope: scope === "selection" || scope === "failed" ? scope : "all",
      total: row.total,
      verified: of((c) => c.status === "done" && c.outcome === "verified"),
      failed: of((c) => c.status === "done" && c.outcome !== "verified"),
      insecure: of((c) => c.status === "done" && c.outcome === "insecure"),
      skipped: of((c) => c.status === "skipped"),
      inProgress: of((c) => c.status === "running"),
      pending: of((c) => c.status === "pending"),
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      heartbeatAt: row.heartbeatAt?.toISOString() ?? null,
      stale: row.status === "running" && row.quiet === true,
    };
  });
}

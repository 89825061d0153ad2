import "server-only";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { jobItems, jobs } from "@/lib/db/schema";
import { eventsCommitted } from "@/lib/events/notify";
import { insertEvents, jobJson } from "./event-data";
import { queryRows } from "./rows";
import type { ClaimedItem } from "./job-queue";
import { ms } from "./interval";

/**
 * The end of a claimed item and of its job, for the background worker: completing, handing back,
 * renewing leases, closing jobs. Every write to an item is fenced by its `attempts` (the claim's
 * token): a worker whose lease was taken over by another changes nothing.
 */

const fenced = (item: ClaimedItem) =>
  and(
    eq(jobItems.jobId, item.jobId),
    eq(jobItems.connectionId, item.connectionId),
    eq(jobItems.status, "running"),
    eq(jobItems.attempts, item.attempts),
  );

/** How an item ended: done with the verification's outcome, or skipped (removed, or given up on). */
export type ItemEnd = { status: "done"; outcome: "verified" | "failed" | "insecure" } | { status: "skipped" };

/**
 * Marks held items ended, in one statement per kind of end (usually one): returns the
 * `jobId/connectionId` keys written; an item whose lease was lost meanwhile is left alone.
 */
export async function completeItems(ends: readonly { item: ClaimedItem; end: ItemEnd }[]): Promise<Set<string>> {
  const groups = new Map<string, { end: ItemEnd; items: ClaimedItem[] }>();
  for (const { item, end } of ends) {
    const key = end.status === "done" ? end.outcome : end.status;
    const group = groups.get(key) ?? groups.set(key, { end, items: [] }).get(key)!;
    group.items.push(item);
  }
  const written = new Set<string>();
  for (const { end, items } of groups.values()) {
    const rows = await getDb()
      .update(jobItems)
      .set({ status: end.status, outcome: end.status === "done" ? end.outcome : null, leaseUntil: null, updatedAt: sql`now()` })
      .where(or(...items.map(fenced)))
      .returning({ jobId: jobItems.jobId, connectionId: jobItems.connectionId });
    for (const row of rows) written.add(`${row.jobId}/${row.connectionId}`);
  }
  return written;
}

/** Marks one held item ended; false when its lease was lost meanwhile. */
export async function completeItem(item: ClaimedItem, end: ItemEnd): Promise<boolean> {
  return (await completeItems([{ item, end }])).has(`${item.jobId}/${item.connectionId}`);
}

/** Gives held items back to the queue (not started, or to be tried again) for any instance to claim. */
export async function releaseItems(items: readonly ClaimedItem[]): Promise<void> {
  if (items.length === 0) return;
  await getDb()
    .update(jobItems)
    .set({ status: "pending", leaseUntil: null, updatedAt: sql`now()` })
    .where(or(...items.map(fenced)));
}

/** Extends the leases of items still held and marks their jobs as alive. */
export async function heartbeat(items: readonly ClaimedItem[], leaseMs: number): Promise<void> {
  if (items.length === 0) return;
  const db = getDb();
  await db.update(jobItems).set({ leaseUntil: sql`now() + ${ms(leaseMs)}` }).where(or(...items.map(fenced)));
  const jobIds = [...new Set(items.map((i) => i.jobId))];
  await db.update(jobs).set({ heartbeatAt: sql`now()` }).where(inArray(jobs.id, jobIds));
}

/**
 * Closes jobs with nothing left to do: `running` → `completed` once every item is done or skipped
 * (a crashed worker's item keeps its job running until it is claimed again and finished);
 * `cancelling` → `cancelled` once no live lease remains. A completed job is announced
 * (`job.completed`) in the same statement. Idempotent; any instance may call it.
 */
export async function finalizeJobs(only?: readonly string[]): Promise<number> {
  const unfinished = sql`exists (select 1 from ${jobItems} where ${jobItems.jobId} = ${jobs.id} and ${jobItems.status} in ('pending', 'running'))`;
  const leased = sql`exists (select 1 from ${jobItems} where ${jobItems.jobId} = ${jobs.id} and ${jobItems.status} = 'running' and ${jobItems.leaseUntil} > now())`;
  const db = getDb();
  const closing = db
    .update(jobs)
    .set({ status: sql`(case when ${jobs.status} = 'cancelling' then 'cancelled' else 'completed' end)::job_status`, finishedAt: sql`now()` })
    .where(
      and(
        only ? inArray(jobs.id, [...only]) : undefined,
        or(and(eq(jobs.status, "running"), sql`not ${unfinished}`), and(eq(jobs.status, "cancelling"), sql`not ${leased}`)),
      ),
    )
    .returning();
  const [row] = await queryRows<{ closed: number }>(
    db,
    sql`with closed as ${closing},
      announced as (${insertEvents("job.completed", sql`null::uuid`, jobJson("closed"), sql`from closed where closed.status = 'completed'`)})
      select count(*)::int as closed from closed`,
  );
  if ((row?.closed ?? 0) > 0) eventsCommitted();
  return row?.closed ?? 0;
}

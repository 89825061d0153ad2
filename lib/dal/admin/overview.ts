import "server-only";
import { and, count, eq, gte, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections, organizations, verifications } from "@/lib/db/schema";
import type { ConnectionStatus } from "../connections";
import { assertAdmin, type Viewer } from "../viewer";

/** The dashboard's headline numbers. "Never" and "stale" leave disconnected connections out. */
export type ConnectionOverview = {
  total: number;
  organizations: number;
  byStatus: Record<ConnectionStatus, number>;
  neverVerified: number;
  /** Verified once, but not in the last `days` days. */
  notVerifiedRecently: number;
  days: number;
  /** Last checked (or, never checked, added) longer ago than `uncheckedAfterMs`: the scheduled checks are not keeping up. */
  notCheckedRecently: number;
  uncheckedAfterMs: number;
};

const DAY_MS = 86_400_000;

/** Counts by status and by how long ago connections were last verified (admins only); one pass over connections. */
export async function connectionOverview(viewer: Viewer, days: number, now = new Date(), uncheckedAfterMs = 2 * DAY_MS): Promise<ConnectionOverview> {
  assertAdmin(viewer);
  const uncheckedCutoff = sql`${new Date(now.getTime() - uncheckedAfterMs).toISOString()}::timestamptz`;
  // As ISO text: a bare Date in raw SQL is not serialised by every driver (postgres-js under drizzle is not).
  const cutoff = sql`${new Date(now.getTime() - days * DAY_MS).toISOString()}::timestamptz`;
  const active = sql`${connections.status} <> 'disconnected'`;
  const n = (condition: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${condition})::int`;
  const [[row], [orgs]] = await Promise.all([
    getDb()
      .select({
        total: sql<number>`count(*)::int`,
        verified: n(sql`${connections.status} = 'verified'`),
        failed: n(sql`${connections.status} = 'failed'`),
        insecure: n(sql`${connections.status} = 'insecure'`),
        pending: n(sql`${connections.status} = 'pending'`),
        disconnected: n(sql`${connections.status} = 'disconnected'`),
        neverVerified: n(sql`${active} and ${connections.lastVerifiedAt} is null`),
        notVerifiedRecently: n(sql`${active} and ${connections.lastVerifiedAt} < ${cutoff}`),
        notCheckedRecently: n(sql`${active} and coalesce(${connections.lastCheckedAt}, ${connections.createdAt}) < ${uncheckedCutoff}`),
      })
      .from(connections)
      // Drafts (pasted ARNs not verified yet) are not connections yet.
      .where(eq(connections.draft, false)),
    getDb().select({ n: count() }).from(organizations),
  ]);
  if (!row) throw new Error("count returned no row");
  const { total, neverVerified, notVerifiedRecently, notCheckedRecently, ...byStatus } = row;
  return { total, organizations: orgs?.n ?? 0, byStatus, neverVerified, notVerifiedRecently, days, notCheckedRecently, uncheckedAfterMs };
}

/** Verification outcomes of one UTC day. */
export type DailyOutcomes = { day: string; verified: number; failed: number; insecure: number };

/** Outcomes per UTC day for the last `days` days, today included, zeros filled in (admins only). */
export async function verificationOutcomesByDay(viewer: Viewer, days = 30, now = new Date()): Promise<DailyOutcomes[]> {
  assertAdmin(viewer);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const day = sql<string>`to_char(${verifications.startedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await getDb()
    .select({ day, status: verifications.status, n: sql<number>`count(*)::int` })
    .from(verifications)
    // Inconclusive scheduled checks decided nothing: they are not outcomes.
    .where(and(gte(verifications.startedAt, since), eq(verifications.inconclusive, false)))
    .groupBy(day, verifications.status);
  const byDay = new Map<string, DailyOutcomes>();
  for (let i = 0; i < days; i++) {
    const key = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    byDay.set(key, { day: key, verified: 0, failed: 0, insecure: 0 });
  }
  for (const r of rows) {
    const bucket = byDay.get(r.day);
    if (bucket && (r.status === "verified" || r.status === "failed" || r.status === "insecure")) bucket[r.status] += r.n;
  }
  return [...byDay.values()];
}

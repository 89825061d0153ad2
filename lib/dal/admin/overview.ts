import "server-only";
import { and, count, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { readRowCounts } from "../row-counts";
import { CONNECTION_STATUSES } from "@/lib/schemas/admin-connections";
import type { ConnectionStatus } from "../connections";
import { assertAdmin, type Viewer } from "../viewer";

/** The dashboard's headline numbers. "Never" and "stale" leave disconnected connections out. */
export type ConnectionOverview = {
  total: number;
  organizations: number;
  byStatus: Record<ConnectionStatus, number>;
  /** The three counts below stop at `FRESHNESS_COUNT_LIMIT + 1`: past it, the page says "10,000+". */
  neverVerified: number;
  /** Verified once, but not in the last `days` days. */
  notVerifiedRecently: number;
  days: number;
  /** Last checked (or, never checked, added) longer ago than `uncheckedAfterMs`: the scheduled checks are not keeping up. */
  notCheckedRecently: number;
  uncheckedAfterMs: number;
};

const DAY_MS = 86_400_000;

/** Where the freshness counts stop counting, so the overview costs the same at any size. */
export const FRESHNESS_COUNT_LIMIT = 10_000;

/**
 * Counts by status and by how long ago connections were last verified (admins only). The totals come
 * from the counters the database keeps (row_counts); each freshness count reads only the connections
 * it counts, through a partial index whose predicate is written here in the same words, and stops
 * past FRESHNESS_COUNT_LIMIT. Nothing here grows with the number of connections or organisations.
 */
export async function connectionOverview(viewer: Viewer, days: number, now = new Date(), uncheckedAfterMs = 2 * DAY_MS): Promise<ConnectionOverview> {
  assertAdmin(viewer);
  const db = getDb();
  // As ISO text: a bare Date in raw SQL is not serialised by every driver (postgres-js under drizzle is not).
  const at = (msAgo: number) => sql`${new Date(now.getTime() - msAgo).toISOString()}::timestamptz`;
  // Literal text, not parameters: the planner matches it against the partial indexes' predicates.
  const active = sql.raw(`"connections"."status" <> 'disconnected' and not "connections"."draft"`);
  const upTo = async (condition: SQL) => {
    const matching = db.select({ one: sql`1` }).from(connections).where(and(active, condition)).limit(FRESHNESS_COUNT_LIMIT + 1);
    const [row] = await db.select({ n: count() }).from(matching.as("matching"));
    return row?.n ?? 0;
  };
  const [counts, orgs, never, notVerified, notChecked] = await Promise.all([
    readRowCounts("connections:"),
    readRowCounts("organizations"),
    upTo(sql`${connections.lastVerifiedAt} is null`),
    upTo(sql`${connections.lastVerifiedAt} < ${at(days * DAY_MS)}`),
    upTo(sql`coalesce(${connections.lastCheckedAt}, ${connections.createdAt}) < ${at(uncheckedAfterMs)}`),
  ]);
  const byStatus = Object.fromEntries(CONNECTION_STATUSES.map((s) => [s, counts.get(`connections:${s}`) ?? 0])) as Record<ConnectionStatus, number>;
  return {
    total: CONNECTION_STATUSES.reduce((sum, s) => sum + byStatus[s], 0),
    organizations: orgs.get("organizations") ?? 0,
    byStatus,
    neverVerified: never,
    notVerifiedRecently: notVerified,
    days,
    notCheckedRecently: notChecked,
    uncheckedAfterMs,
  };
}

/** Verification outcomes of one UTC day. */
export type DailyOutcomes = { day: string; verified: number; failed: number; insecure: number };

/**
 * Outcomes per UTC day for the last `days` days, today included, zeros filled in (admins only), from
 * the per-day counters the database keeps as verifications are recorded (inconclusive checks left out).
 */
export async function verificationOutcomesByDay(viewer: Viewer, days = 30, now = new Date()): Promise<DailyOutcomes[]> {
  assertAdmin(viewer);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const counts = await readRowCounts("outcomes:", `outcomes:${since.toISOString().slice(0, 10)}`);
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const n = (status: string) => counts.get(`outcomes:${day}:${status}`) ?? 0;
    return { day, verified: n("verified"), failed: n("failed"), insecure: n("insecure") };
  });
}

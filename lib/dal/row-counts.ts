import "server-only";
import { and, gte, like, sql } from "drizzle-orm";
import { type Db, getDb } from "@/lib/db/client";
import { rowCounts } from "@/lib/db/schema";

/**
 * The counters the database keeps (lib/db/schema.ts › rowCounts) whose names start with `prefix`, by
 * name, from the name `from` on when given (per-day counters: from a day on). Absent counters are 0.
 */
export async function readRowCounts(prefix: "connections:" | "organizations" | "outcomes:", from: string = prefix): Promise<Map<string, number>> {
  const rows = await getDb()
    .select({ counter: rowCounts.counter, n: sql<number>`sum(${rowCounts.n})::int` })
    .from(rowCounts)
    .where(and(gte(rowCounts.counter, from), like(rowCounts.counter, `${prefix}%`)))
    .groupBy(rowCounts.counter);
  return new Map(rows.map((r) => [r.counter, r.n]));
}

/** Per-day outcome counters are kept this long: the overview's chart reads the last 30 days. */
export const OUTCOME_DAYS_KEPT = 90;

/**
 * Folds each counter's rows into one, and drops the per-day outcome counters of days older than
 * {@link OUTCOME_DAYS_KEPT}. Safe beside writers and beside another instance compacting: it removes
 * and sums exactly the rows it deletes, and rows committed meanwhile are left for next time.
 */
export async function compactRowCounts(db: Pick<Db, "execute"> = getDb(), now = new Date()): Promise<void> {
  const oldest = `outcomes:${new Date(now.getTime() - OUTCOME_DAYS_KEPT * 86_400_000).toISOString().slice(0, 10)}`;
  await db.execute(sql`
    with removed as (delete from ${rowCounts} returning counter, n)
    insert into ${rowCounts} (counter, n) select counter, sum(n) from removed
      where not (counter like 'outcomes:%' and counter < ${oldest})
      group by counter having sum(n) <> 0`);
}

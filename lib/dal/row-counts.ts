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

/**
 * Folds each counter's rows into one. Safe beside writers and beside another instance compacting:
 * it removes and sums exactly the rows it deletes, and rows committed meanwhile are left for next time.
 */
export async function compactRowCounts(db: Pick<Db, "execute"> = getDb()): Promise<void> {
  await db.execute(sql`
    with removed as (delete from ${rowCounts} returning counter, n)
    insert into ${rowCounts} (counter, n) select counter, sum(n) from removed group by counter having sum(n) <> 0`);
}

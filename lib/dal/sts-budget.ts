import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";

/**
 * Takes up to `want` STS calls from a short fixed window shared by every instance (a row of
 * `rate_limits`, one atomic upsert). Time is the database's, so instances' clocks do not matter.
 * Returns how many were granted and, when fewer than asked, how long until the window turns.
 */
export async function takeStsBudget(input: { key: string; want: number; limit: number; windowMs: number }): Promise<{ granted: number; retryAfterMs: number }> {
  const { key, want, limit, windowMs } = input;
  const window = sql`${Math.round(windowMs)} * interval '1 millisecond'`;
  const expired = sql`${rateLimits.windowStart} <= now() - ${window}`;
  const [row] = await getDb()
    .insert(rateLimits)
    .values({ key, windowStart: sql`now()`, count: want })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then ${want} else ${rateLimits.count} + ${want} end`,
        windowStart: sql`case when ${expired} then now() else ${rateLimits.windowStart} end`,
      },
    })
    .returning({
      count: rateLimits.count,
      retryAfterMs: sql<number>`greatest(0, extract(epoch from (${rateLimits.windowStart} + ${window} - now())) * 1000)::float8`,
    });
  if (!row) throw new Error("budget upsert returned no row");
  // Counts beyond the limit stay counted: the window is spent either way, and it turns soon.
  const granted = Math.max(0, Math.min(want, limit - (row.count - want)));
  return { granted, retryAfterMs: Math.ceil(Number(row.retryAfterMs)) };
}

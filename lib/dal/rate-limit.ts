import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { DalError } from "./errors";

export type RateLimit = { limit: number; windowMs: number };

/**
 * Counts one use of `key` in a fixed window kept in the database, so the limit holds across
 * instances; one atomic upsert. Returns whether it was allowed and when the window ends.
 */
export async function consumeRateLimit(
  key: string,
  { limit, windowMs }: RateLimit,
  now = new Date(),
): Promise<{ allowed: boolean; retryAfterMs: number; remaining: number; count: number; windowStart: Date }> {
  // Dates inside sql`` are passed as ISO text with a cast: postgres-js does not serialise raw Date parameters there.
  const expired = sql`${rateLimits.windowStart} <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`;
  const [row] = await getDb()
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  if (!row) throw new Error("rate limit upsert returned no row");
  return {
    allowed: row.count <= limit,
    retryAfterMs: Math.max(0, row.windowStart.getTime() + windowMs - now.getTime()),
    remaining: Math.max(0, limit - row.count),
    count: row.count,
    windowStart: row.windowStart,
  };
}

/** Consumes every limit in turn and refuses with a clear message when one is used up. */
export async function enforceRateLimits(limits: Array<{ key: string; limit: RateLimit; what: string }>, now = new Date()): Promise<void> {
  for (const { key, limit, what } of limits) {
    const { allowed, retryAfterMs } = await consumeRateLimit(key, limit, now);
    if (!allowed) {
      const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
      throw new DalError("rate_limited", `${what} Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, undefined, retryAfterMs);
    }
  }
}

/**
 * Gives back one use of `key` taken by consumeRateLimit, for limits that count failures only: the
 * use is taken before the attempt (so concurrent attempts cannot all slip under the limit) and
 * returned when the attempt turns out to be a success. Never below zero.
 */
export async function releaseRateLimit(key: string): Promise<void> {
  await getDb()
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(sql`${rateLimits.key} = ${key}`);
}

/** How many uses `key` has in its current window (0 when the window has passed). */
export async function rateLimitCount(key: string, { windowMs }: RateLimit, now = new Date()): Promise<number> {
  const [row] = await getDb().select().from(rateLimits).where(sql`${rateLimits.key} = ${key}`).limit(1);
  if (!row || row.windowStart.getTime() <= now.getTime() - windowMs) return 0;
  return row.count;
}

/** A pause that grows with failures: `free` attempts, then each waits twice as long after the one before, up to `maxPauseMs`. */
export type Backoff = { free: number; firstPauseMs: number; maxPauseMs: number; forgetAfterMs: number };

/** How long to wait after the last of `count` attempts before the next one. */
export function backoffPause(count: number, { free, firstPauseMs, maxPauseMs }: Backoff): number {
  return count < free ? 0 : Math.min(maxPauseMs, firstPauseMs * 2 ** (count - free));
}

/**
 * Takes one attempt under a growing pause, kept in the database so it holds across instances: the
 * row's window start is the time of the last attempt, its count the attempts since the key was last
 * quiet for `forgetAfterMs`. Row-locked, so concurrent attempts are counted one after another.
 */
export async function consumeBackoff(key: string, policy: Backoff, now = new Date()): Promise<{ allowed: boolean; retryAfterMs: number }> {
  return getDb().transaction(async (tx) => {
    // One statement creates the row or locks the one there (a no-op update), so a success clearing the
    // key at the same moment cannot take the row away between creating and locking it.
    const [row] = await tx
      .insert(rateLimits)
      .values({ key, windowStart: new Date(0), count: 0 })
      .onConflictDoUpdate({ target: rateLimits.key, set: { count: sql`${rateLimits.count}` } })
      .returning();
    if (!row) throw new Error("backoff row missing after upsert");
    const count = row.windowStart.getTime() <= now.getTime() - policy.forgetAfterMs ? 0 : row.count;
    // Only a pause holds an attempt back. Concurrent attempts take the row in any order, so one may
    // find a later attempt's time there; within the free tries that must not read as "too soon".
    const pause = backoffPause(count, policy);
    const readyAt = row.windowStart.getTime() + pause;
    if (pause > 0 && now.getTime() < readyAt) return { allowed: false, retryAfterMs: readyAt - now.getTime() };
    const last = new Date(Math.max(now.getTime(), row.windowStart.getTime()));
    await tx.update(rateLimits).set({ count: count + 1, windowStart: last }).where(eq(rateLimits.key, key));
    return { allowed: true, retryAfterMs: 0 };
  });
}

/** Forgets `key` (a success ends a run of failures). */
export async function clearRateLimit(key: string): Promise<void> {
  await getDb().delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Marks `key` as seen now, for "was this seen within …" questions answered by rateLimitCount. */
export async function touchRateLimit(key: string, now = new Date()): Promise<void> {
  await getDb()
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({ target: rateLimits.key, set: { windowStart: now, count: 1 } });
}

import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { idempotencyKeys } from "@/lib/db/schema";

/** How long an answer is kept for retries; afterwards the key may be used again. */
const KEEP_FOR = sql`interval '24 hours'`;
/** A request still marked running after this is taken to have died with its instance. */
const ABANDONED_AFTER = sql`interval '5 minutes'`;

export type IdempotencyClaim =
  | { state: "new" }
  | { state: "replay"; statusCode: number; body: string }
  | { state: "running" }
  | { state: "mismatch" };

/**
 * Takes an Idempotency-Key for a request (by its hash), or says what to answer instead: the first
 * answer to the same request, that it is still running, or that the key was used for another one.
 */
export async function claimIdempotencyKey(apiKeyId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
  const db = getDb();
  // Keys past their time, and requests abandoned by a dead instance, give way to this one.
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.apiKeyId, apiKeyId),
        eq(idempotencyKeys.key, key),
        sql`(${idempotencyKeys.createdAt} < now() - ${KEEP_FOR} or (${idempotencyKeys.statusCode} is null and ${idempotencyKeys.createdAt} < now() - ${ABANDONED_AFTER}))`,
      ),
    );
  const inserted = await db.insert(idempotencyKeys).values({ apiKeyId, key, requestHash }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { state: "new" };
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, statusCode: idempotencyKeys.statusCode, body: idempotencyKeys.responseBody })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)));
  if (!row) return claimIdempotencyKey(apiKeyId, key, requestHash); // released between the two statements
  if (row.requestHash !== requestHash) return { state: "mismatch" };
  if (row.statusCode === null) return { state: "running" };
  return { state: "replay", statusCode: row.statusCode, body: row.body ?? "" };
}

/** Keeps a finished request's answer for its retries. */
export async function completeIdempotencyKey(apiKeyId: string, key: string, statusCode: number, body: string): Promise<void> {
  await getDb().update(idempotencyKeys).set({ statusCode, responseBody: body }).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)));
}

/** Lets a key go again after a request that failed on our side, so that a retry runs it anew. */
export async function releaseIdempotencyKey(apiKeyId: string, key: string): Promise<void> {
  await getDb().delete(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)));
}

/** Forgets answers older than a day (any instance, now and then). */
export async function pruneIdempotencyKeys(): Promise<void> {
  await getDb().delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - ${KEEP_FOR}`));
}

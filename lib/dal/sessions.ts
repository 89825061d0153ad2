import "server-only";
import { lt } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { endedSessions } from "@/lib/db/schema";
import { isUuid } from "./ids";

/**
 * Signs a session out for good: a copy of its cookie is refused from now on. Sessions that would
 * have expired by now are forgotten on the way (their cookies are refused anyway).
 */
export async function endSession(sessionId: string, expiresAt: Date): Promise<void> {
  if (!isUuid(sessionId) || Number.isNaN(expiresAt.getTime())) return;
  const db = getDb();
  await db.insert(endedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
  await db.delete(endedSessions).where(lt(endedSessions.expiresAt, new Date()));
}

import { and, eq, inArray } from "drizzle-orm";
import type { VerificationCheck } from "@/lib/aws/verify";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";

/** STS calls the verifications of these connections made (each check's attempts) and their durations, from the history. */
export async function stsCallsIn(connectionIds: readonly string[], trigger: "bulk" | "registration" | "scheduled" = "bulk"): Promise<{ calls: number; verifications: number; durationsMs: number[] }> {
  let calls = 0;
  let count = 0;
  const durationsMs: number[] = [];
  for (let i = 0; i < connectionIds.length; i += 1000) {
    const rows = await getDb()
      .select({ checks: verifications.checks, durationMs: verifications.durationMs })
      .from(verifications)
      .where(and(inArray(verifications.connectionId, connectionIds.slice(i, i + 1000)), eq(verifications.trigger, trigger)));
    count += rows.length;
    for (const row of rows) {
      durationsMs.push(row.durationMs);
      for (const check of row.checks as VerificationCheck[]) calls += check.attempts;
    }
  }
  return { calls, verifications: count, durationsMs };
}

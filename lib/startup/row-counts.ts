import "server-only";
import { compactRowCounts } from "@/lib/dal/row-counts";
import { logger } from "@/lib/log";

const COMPACT_EVERY_MS = 10 * 60_000;
const globalForCounts = globalThis as unknown as { rolegateRowCounts?: NodeJS.Timeout };

/** Folds the dashboard's counters every 10 minutes, once per process; a failed run is tried again next time. */
export function startRowCountCompaction(): void {
  if (globalForCounts.rolegateRowCounts) return;
  const run = () => compactRowCounts().catch((error: unknown) => logger().warn({ err: error }, "row counts: compaction failed; trying again later"));
  globalForCounts.rolegateRowCounts = setInterval(run, COMPACT_EVERY_MS).unref();
  void run();
}

import { BatchedWrites } from "@/lib/background/batched-writes";
import { completeItems, type ItemEnd } from "@/lib/dal/job-lifecycle";
import type { ClaimedItem } from "@/lib/dal/job-queue";
import { logger } from "@/lib/log";

type Ended = { item: ClaimedItem; end: ItemEnd };

/**
 * Item completions written in batches: one UPDATE for all the items that ended within `flushMs`
 * instead of one per item. A slot does not wait for its write. If a write fails, its items stay
 * `running` and are verified again once their lease ends: never counted done unrecorded.
 */
export class Completions {
  private readonly writes: BatchedWrites<Ended>;

  constructor(flushMs: number, maxBatch = 100) {
    this.writes = new BatchedWrites(write, flushMs, maxBatch);
  }

  /** Queues an item's end; it is written within `flushMs`. */
  add(item: ClaimedItem, end: ItemEnd): void {
    this.writes.add({ item, end });
  }

  /** Writes what is queued now (and waits for writes already under way). */
  flush(): Promise<void> {
    return this.writes.flush();
  }
}

async function write(batch: Ended[]): Promise<void> {
  try {
    const written = await completeItems(batch);
    const lost = batch.length - written.size;
    if (lost > 0) logger().warn({ lost }, "bulk worker: items finished after their lease was taken over");
  } catch (error) {
    logger().error({ err: error, items: batch.length }, "bulk worker: could not record finished items; they will be retried after their lease");
  }
}

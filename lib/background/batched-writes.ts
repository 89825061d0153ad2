/**
 * Results gathered for a short time and written in one statement rather than one each (measured
 * for bulk-job items: about 1 ms of CPU per item saved on PGlite). One write at a time, in order,
 * so the database sees each result once. `write` handles its own failures: what it could not
 * write stays claimed in the database and is tried again once its lease ends.
 */
export class BatchedWrites<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly flushMs: number,
    private readonly maxBatch = 100,
  ) {}

  /** Queues a result; it is written within `flushMs`, or at once when the batch is full. */
  add(result: T): void {
    this.pending.push(result);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Writes what is queued now (and waits for writes already under way). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0);
    this.writing = this.writing.then(() => (batch.length === 0 ? undefined : this.write(batch)));
    return this.writing;
  }
}

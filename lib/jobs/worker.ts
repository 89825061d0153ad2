import { Semaphore } from "async-mutex";
import { Alarm } from "@/lib/background/alarm";
import { finalizeJobs, heartbeat, releaseItems } from "@/lib/dal/job-lifecycle";
import { type ClaimedItem, claimItems, itemTargets } from "@/lib/dal/job-queue";
import type { VerificationTarget } from "@/lib/dal/verifications";
import { logger } from "@/lib/log";
import { verifyTarget } from "@/lib/verification/run";
import { Completions } from "./completions";
import { LiveJobs } from "./live-jobs";
import { type ItemContext, runItem, type VerifyFn } from "./run-item";
import { BULK_SETTINGS } from "./settings";
import { sharedStsBudget, type StsBudget } from "./sts-budget";
import { ThrottleBackoff } from "./throttle";

type Settings = Omit<typeof BULK_SETTINGS, "throttle">;

/** What a worker may be given instead of the defaults (tests and the benchmark). */
export type WorkerOptions = {
  settings?: Partial<Settings>;
  verify?: VerifyFn;
  /** Work only these jobs (tests and the benchmark share a database with other work). */
  jobIds?: readonly string[];
  throttle?: ThrottleBackoff;
  /** The global STS budget; null for none (tests). Default: shared through the database. */
  budget?: StsBudget | null;
};

const keyOf = (item: ClaimedItem) => `${item.jobId}/${item.connectionId}`;
/** How stale the list of live jobs may be when an item starts: a cancel takes effect within this. */
const LIVE_CHECK_MS = 250;

/**
 * The background worker of bulk jobs: claims items in batches (exactly once across instances),
 * runs up to `concurrency` verifications against STS at a time with a few claimed ahead, renews
 * the leases of what it holds, and closes jobs that are finished or cancelled. A verification gives
 * its slot back once its STS calls are done, so the next one starts while its result is written.
 */
export class JobWorker {
  readonly throttle: ThrottleBackoff;
  private readonly settings: Settings;
  private readonly budget: StsBudget | null;
  private readonly slots: Semaphore;
  /** Scheduled items waiting for a slot. */
  private waiting = 0;
  private readonly live: LiveJobs;
  private readonly completions: Completions;
  private readonly held = new Map<string, ClaimedItem>();
  private readonly started = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly alarm = new Alarm();

  constructor(private readonly options: WorkerOptions = {}) {
    this.settings = { ...BULK_SETTINGS, ...options.settings };
    this.throttle = options.throttle ?? new ThrottleBackoff(BULK_SETTINGS.throttle);
    this.budget = options.budget !== undefined ? options.budget : sharedStsBudget(this.settings, () => this.throttle.factor());
    this.slots = new Semaphore(this.settings.concurrency);
    this.live = new LiveJobs(options.jobIds, LIVE_CHECK_MS);
    this.completions = new Completions(this.settings.completionFlushMs);
  }

  /** Starts the loop (idempotent). */
  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Stops claiming, hands back items not started (queued tasks then return at once), and waits for those in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.alarm.wake();
    await this.loop;
    const waiting = [...this.held].filter(([key]) => !this.started.has(key));
    for (const [key] of waiting) this.held.delete(key);
    await releaseItems(waiting.map(([, item]) => item)).catch((error: unknown) => logger().warn({ err: error }, "bulk worker: release failed; leases will expire"));
    await Promise.allSettled([...this.running]);
    await this.completions.flush();
  }

  private async run(): Promise<void> {
    let lastBeat = 0;
    while (!this.stopping) {
      try {
        if (Date.now() - lastBeat >= this.settings.heartbeatMs) {
          lastBeat = Date.now();
          await heartbeat([...this.held.values()], this.settings.leaseMs);
        }
        const pause = this.throttle.remainingMs();
        const full = this.waiting > this.settings.prefetch / 2;
        if (pause > 0 || full) await this.alarm.nap(Math.min(pause || this.settings.pollMs, this.settings.heartbeatMs));
        else if ((await this.fill()) === 0) await this.alarm.nap(this.settings.pollMs);
      } catch (error) {
        logger().error({ err: error }, "bulk worker: loop error; retrying");
        await this.alarm.nap(this.settings.pollMs);
      }
    }
  }

  /** Claims as many items as there is room for, oldest job first; closes jobs when none is left. */
  private async fill(): Promise<number> {
    const { concurrency, prefetch, leaseMs } = this.settings;
    let room = concurrency + prefetch - this.held.size;
    let claimed = 0;
    for (const job of await this.live.list()) {
      if (room <= 0 || this.stopping) break;
      const items = await claimItems(job.id, room, leaseMs);
      if (items.length === 0) continue;
      // Held (and so kept alive by the heartbeat) only once they are scheduled: items whose targets
      // cannot be read go back, or at worst wait out their lease, rather than stay leased forever.
      const targets = await itemTargets(items.map((i) => i.connectionId)).catch(async (error: unknown) => {
        await releaseItems(items).catch(() => {});
        throw error;
      });
      for (const item of items) {
        this.held.set(keyOf(item), item);
        this.schedule(item, targets.get(item.connectionId) ?? "gone", job.createdBy);
      }
      room -= items.length;
      claimed += items.length;
    }
    if (room > 0) {
      await this.completions.flush(); // a job is finished only once its last items are written
      await finalizeJobs(this.options.jobIds);
    }
    return claimed;
  }

  private schedule(item: ClaimedItem, target: VerificationTarget | "gone", actorUserId: string | null): void {
    const key = keyOf(item);
    const context: ItemContext = {
      verify: this.options.verify ?? verifyTarget,
      throttle: this.throttle,
      budget: this.budget,
      callsPerVerification: this.settings.callsPerVerification,
      maxAttempts: this.settings.maxAttempts,
      actorUserId,
      complete: (done, end) => this.completions.add(done, end),
    };
    const task = (async () => {
      this.waiting++;
      const [, release] = await this.slots.acquire().finally(() => this.waiting--);
      try {
        if (this.stopping || !this.held.has(key)) return;
        this.started.add(key);
        if (await this.live.has(item.jobId)) await runItem({ ...context, checked: release }, item, target);
        else await releaseItems([item]); // cancelled after it was claimed: it was never started
      } catch (error) {
        // Not marked done: once its lease passes, the item is claimed again (by any instance).
        logger().error({ err: error, jobId: item.jobId, connectionId: item.connectionId }, "bulk worker: item failed; it will be retried after its lease");
      } finally {
        release(); // at most once: a verification that reported its checks done has given it back already
        this.held.delete(key);
        this.started.delete(key);
        this.alarm.wake();
      }
    })();
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

}

import { setMaxListeners } from "node:events";
import { Semaphore } from "async-mutex";
import { classifyStsError } from "@/lib/aws/aws-errors";
import { type Clock, systemClock } from "@/lib/aws/retry";
import type { VerificationResult } from "@/lib/aws/verify";
import { Alarm } from "@/lib/background/alarm";
import { type ClaimedCheck, claimDueChecks, spreadUnscheduled } from "@/lib/dal/health-checks";
import type { VerificationTarget } from "@/lib/dal/verifications";
import { BULK_SETTINGS } from "@/lib/jobs/settings";
import { sharedStsBudget, type StsBudget } from "@/lib/jobs/sts-budget";
import { ThrottleBackoff } from "@/lib/jobs/throttle";
import { logger } from "@/lib/log";
import { checkTarget } from "@/lib/verification/run";
import { classify, type Observation, partnerSideBatch } from "./classify";
import { type Recorder, settle } from "./settle";
import { HEALTH_SETTINGS, type HealthSettings } from "./settings";

/** The live checks of one connection, unrecorded: `checkTarget`, or a fake in tests. */
export type CheckFn = (target: VerificationTarget, signal?: AbortSignal) => Promise<VerificationResult>;

export type SchedulerOptions = {
  intervalMs: number;
  settings?: Partial<typeof HEALTH_SETTINGS>;
  check?: CheckFn;
  /** The shared STS budget; null for none (tests). Default: the bulk jobs' budget, through the database. */
  budget?: StsBudget | null;
  /** Only these organisations' connections (tests and the benchmark share a database). */
  organizationIds?: readonly string[];
  clock?: Clock;
  recorder?: Partial<Recorder>;
};

/** What the scheduler has done, and what its own scheduling cost (the benchmark prints it). */
export type SchedulerStats = {
  checks: number;
  confirmations: number;
  inconclusive: number;
  schedulingQueries: number;
  schedulingMs: number;
  /** The same, per kind of scheduling statement (spread, claim, finish, alert). */
  byQuery: Record<string, { queries: number; ms: number }>;
};

/**
 * Re-verifies every active connection once per interval (trigger `scheduled`). Due times live in
 * the database: each instance claims what falls due in the next moment (FOR UPDATE SKIP LOCKED),
 * starts each check at its due time under the shared STS budget, and settles the batch: a
 * change of status is confirmed by an immediate re-check first, inconclusive checks change no
 * status and come back with backoff, partner-side failures raise one alert (./settle.ts).
 */
export class HealthScheduler {
  readonly stats: SchedulerStats = { checks: 0, confirmations: 0, inconclusive: 0, schedulingQueries: 0, schedulingMs: 0, byQuery: {} };
  readonly throttle: ThrottleBackoff;
  private readonly settings: HealthSettings;
  private readonly clock: Clock;
  private readonly budget: StsBudget | null;
  private readonly slots: Semaphore;
  private readonly alarm = new Alarm();
  private readonly stopped = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private held = 0;
  /** See SettleHost: whether the partner alert may be raised (checked in the database once it may have cleared). */
  alertMaybeRaised = true;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.settings = { ...HEALTH_SETTINGS, ...options.settings, intervalMs: options.intervalMs };
    this.clock = options.clock ?? systemClock;
    this.throttle = new ThrottleBackoff({ ...BULK_SETTINGS.throttle, clock: this.clock });
    this.budget = options.budget !== undefined ? options.budget : sharedStsBudget(BULK_SETTINGS, () => this.throttle.factor());
    this.slots = new Semaphore(this.settings.concurrency);
    // Every claimed check waiting for its due time listens for the stop.
    setMaxListeners(0, this.stopped.signal);
  }

  /** Starts the loop (idempotent). */
  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Stops claiming; checks not started yet are handed back due as they were; waits for those in flight. */
  async stop(): Promise<void> {
    this.stopped.abort();
    this.alarm.wake();
    await this.loop;
    await Promise.allSettled([...this.running]);
  }

  /** Times a scheduling query into the stats. */
  async timed<T>(label: string, query: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await query();
    } finally {
      const ms = performance.now() - start;
      const kind = (this.stats.byQuery[label] ??= { queries: 0, ms: 0 });
      kind.queries++;
      kind.ms += ms;
      this.stats.schedulingQueries++;
      this.stats.schedulingMs += ms;
    }
  }

  private async run(): Promise<void> {
    const { tickMs, spreadEveryMs, batchLimit, concurrency, aheadMs, leaseMs, intervalMs } = this.settings;
    const only = this.options.organizationIds;
    let lastSpread = Number.NEGATIVE_INFINITY;
    while (!this.stopped.signal.aborted) {
      try {
        if (this.clock.now() - lastSpread >= spreadEveryMs) {
          lastSpread = this.clock.now();
          await this.timed("spread", () => spreadUnscheduled(intervalMs, { ...(only && { only }) }));
        }
        const room = Math.min(batchLimit, concurrency + batchLimit - this.held);
        const batch = room > 0 ? await this.timed("claim", () => claimDueChecks({ limit: room, aheadMs, leaseMs, ...(only && { only }) })) : [];
        if (batch.length > 0) this.track(this.runBatch(batch));
      } catch (error) {
        logger().error({ err: error }, "health checks: loop error; retrying");
      }
      await this.alarm.nap(tickMs);
    }
  }

  private track(task: Promise<void>): void {
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Observes each claimed check at its due time, then settles the batch as a whole. */
  private async runBatch(batch: ClaimedCheck[]): Promise<void> {
    this.held += batch.length;
    try {
      const observed = await Promise.all(
        batch.map(async (claim) => ({ claim, status: claim.status, observation: await this.observe(claim.target, claim.due.getTime()) })),
      );
      const released = observed.filter((o) => o.observation === null).map((o) => o.claim);
      const done = observed.flatMap((o) => (o.observation ? [{ ...o, observation: o.observation }] : []));
      const partnerSide = done.length > 0 && partnerSideBatch(done, this.settings.partnerBatchMinVerified);
      await settle(this, done, partnerSide, released);
    } catch (error) {
      // Left leased: due again when the lease ends, on any instance.
      logger().error({ err: error }, "health checks: batch failed; its connections are due again after their lease");
    } finally {
      this.held -= batch.length;
    }
  }

  /** Waits until `due`, then runs the live checks under the budget; null when stopped first. */
  async observe(target: VerificationTarget, due: number): Promise<Observation | null> {
    const signal = this.stopped.signal;
    const wait = due - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait, signal);
    if (signal.aborted) return null;
    const [, release] = await this.slots.acquire();
    try {
      if (signal.aborted) return null;
      await this.throttle.wait(signal);
      await this.budget?.acquire(this.settings.callsPerCheck, signal);
      if (signal.aborted) return null;
      const result = await (this.options.check ?? checkTarget)(target);
      this.stats.checks++;
      const throttled = (code?: string) => code !== undefined && classifyStsError({ name: code }).kind === "throttled";
      if (result.failure?.code === "throttled" || result.checks.some((c) => throttled(c.awsCode))) this.throttle.report();
      return classify(result);
    } finally {
      release();
    }
  }

  /** For ./settle.ts: the settings, clock and recorder overrides. */
  get context() {
    return { settings: this.settings, clock: this.clock, recorder: this.options.recorder ?? {} };
  }
}

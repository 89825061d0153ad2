import pLimit from "p-limit";
import { type Clock, systemClock } from "@/lib/aws/retry";
import { getConfig } from "@/lib/config";
import { takeStsBudget } from "@/lib/dal/sts-budget";
import type { BulkSettings } from "./settings";

/** Takes calls from the shared window (lib/dal/sts-budget in the app; a fake in tests). */
export type TakeBudget = (input: { key: string; want: number; limit: number; windowMs: number }) => Promise<{ granted: number; retryAfterMs: number }>;

/** How a budget is sized and where it takes calls from. */
export type StsBudgetOptions = {
  /** One budget per partner account and region: STS's quota is counted that way. */
  key: string;
  callsPerSecond: number;
  windowMs: number;
  take: TakeBudget;
  /** Calls taken from the database at once and kept here, refilled ahead in the background. */
  chunk?: number;
  /** The share of the budget to use now (lowered after throttling). */
  factor?: () => number;
  clock?: Clock;
};

/**
 * The global rate limit on STS calls for bulk work. Every instance takes calls from the same
 * short window in the database before it starts a verification, so the sum over instances stays
 * under the limit. Within this process callers queue in order (p-limit with concurrency 1) and
 * are served from a small local pool, refilled before it runs dry, so a database round trip is
 * rarely waited for.
 */
export class StsBudget {
  private readonly serial = pLimit(1);
  private readonly clock: Clock;
  private pool = 0;
  private retryAfterMs = 0;
  private refilling: Promise<void> | undefined;

  constructor(private readonly options: StsBudgetOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Resolves once `calls` STS calls may be made. */
  acquire(calls: number, signal?: AbortSignal): Promise<void> {
    return this.serial(async () => {
      while (this.pool < calls && !signal?.aborted) {
        await this.refill(calls);
        if (this.pool < calls) await this.clock.sleep(Math.max(1, this.retryAfterMs), signal);
      }
      this.pool = Math.max(0, this.pool - calls);
      if (this.pool < (this.options.chunk ?? 0)) this.refill(0).catch(() => {}); // ahead of need; a failure is retried by the next acquire
    });
  }

  /** One take from the shared window at a time; callers arriving meanwhile share its result. */
  private refill(needed: number): Promise<void> {
    this.refilling ??= (async () => {
      const { key, callsPerSecond, windowMs, take } = this.options;
      const factor = this.options.factor?.() ?? 1;
      // Granted calls stay in the pool across windows, so even a limit below `needed` makes progress.
      const limit = Math.max(1, Math.floor((callsPerSecond * windowMs * factor) / 1000));
      const want = Math.max(needed - this.pool, Math.min(this.options.chunk ?? 0, limit), 1);
      const { granted, retryAfterMs } = await take({ key, want, limit, windowMs });
      this.pool += granted;
      this.retryAfterMs = retryAfterMs;
    })().finally(() => (this.refilling = undefined));
    return this.refilling;
  }
}

/** This deployment's budget: one per region (the partner identity is one), shared through the database. */
export function sharedStsBudget(
  settings: Pick<BulkSettings, "stsCallsPerSecond" | "budgetWindowMs" | "callsPerVerification" | "budgetChunk">,
  factor: () => number,
): StsBudget {
  return new StsBudget({
    key: `bulk-sts:${getConfig().aws.region}`,
    callsPerSecond: settings.stsCallsPerSecond,
    windowMs: settings.budgetWindowMs,
    take: takeStsBudget,
    chunk: settings.callsPerVerification * settings.budgetChunk,
    factor,
  });
}

import { backoffDelay, type Clock, systemClock } from "@/lib/aws/retry";

/** How long pauses are and how the rate recovers. */
export type ThrottleOptions = {
  baseMs: number;
  capMs: number;
  /** After this long without throttling, the rate is back to full and the next pause starts small. */
  recoveryMs: number;
  /** The rate never drops below this share of the budget. */
  minFactor: number;
  clock?: Clock;
};

/**
 * The worker's reaction to STS throttling, shared by every item it runs: one throttle pauses all
 * new work (exponential backoff with jitter, longer for each wave that follows soon after the
 * last) and halves the share of the STS budget used, which then grows back linearly.
 * Throttles reported during a pause belong to the same wave and change nothing.
 */
export class ThrottleBackoff {
  private readonly clock: Clock;
  private pauseUntil = 0;
  private lastWave = Number.NEGATIVE_INFINITY;
  private wave = 0;
  private factorAtWave = 1;
  /** How many pauses there have been (for logs, tests and the benchmark). */
  pauses = 0;

  constructor(private readonly options: ThrottleOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Records a throttle from STS. */
  report(): void {
    const now = this.clock.now();
    if (now < this.pauseUntil) return;
    const factor = this.factor();
    this.wave = now - this.lastWave < this.options.recoveryMs ? this.wave + 1 : 1;
    this.factorAtWave = Math.max(this.options.minFactor, factor / 2);
    this.lastWave = now;
    this.pauseUntil = now + backoffDelay(this.wave, this.options, this.clock.random);
    this.pauses += 1;
  }

  /** The share of the STS budget to use now, in (0, 1]. */
  factor(): number {
    const elapsed = (this.clock.now() - this.lastWave) / this.options.recoveryMs;
    if (!(elapsed < 1)) return 1; // also before any throttle, when the last wave is -Infinity
    return this.factorAtWave + (1 - this.factorAtWave) * Math.max(0, elapsed);
  }

  /** Milliseconds left in the current pause (0 when none). */
  remainingMs(): number {
    return Math.max(0, this.pauseUntil - this.clock.now());
  }

  /** Waits out the current pause, including one that starts while waiting. */
  async wait(signal?: AbortSignal): Promise<void> {
    for (let left = this.remainingMs(); left > 0 && !signal?.aborted; left = this.remainingMs()) {
      await this.clock.sleep(left, signal);
    }
  }
}

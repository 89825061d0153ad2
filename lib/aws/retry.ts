import { classifyStsError, isTransient, type StsErrorInfo } from "./aws-errors";

/** Retrying one STS call: short bounded retries for transient failures, and a longer window for IAM propagation. */

/** Time and chance, injected so tests run instantly and deterministically. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts (it must not reject). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
}

/** Exponential backoff: the n-th wait is about base·2ⁿ⁻¹, capped. */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** How one call is retried. */
export interface RetryPolicy {
  /** Extra attempts for throttling, timeouts, network and 5xx errors. */
  transientRetries: number;
  transientBackoff: Backoff;
  /** When set, AccessDenied is retried until this long after the first attempt began. */
  propagation?: { windowMs: number; backoff: Backoff };
}

/** Why the next attempt is being made, and after how long. */
export interface RetryNotice {
  reason: "propagation" | "transient";
  nextAttempt: number;
  waitMs: number;
  error: StsErrorInfo;
}

/** The end of a call: its value, or the last error; with how many attempts it took. */
export type CallOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: StsErrorInfo; attempts: number; propagationRetried: boolean };

/** Equal jitter: half the step is fixed, half random, so retries spread out but still back off. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const step = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** A real clock over `setTimeout`, `Date.now` and `Math.random`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    }),
};

/** Makes `call` until it succeeds, fails for good, the retry budget is spent, or `signal` aborts. */
export async function callWithRetry<T>(
  call: (signal?: AbortSignal) => Promise<T>,
  options: { policy: RetryPolicy; clock: Clock; signal?: AbortSignal; onRetry?: (notice: RetryNotice) => void },
): Promise<CallOutcome<T>> {
  const { policy, clock, signal, onRetry } = options;
  const start = clock.now();
  let transientRetries = 0;
  let propagationRetries = 0;
  const planRetry = (error: StsErrorInfo): Pick<RetryNotice, "reason" | "waitMs"> | undefined => {
    if (isTransient(error.kind) && transientRetries < policy.transientRetries) {
      return { reason: "transient", waitMs: backoffDelay(++transientRetries, policy.transientBackoff, clock.random) };
    }
    if (error.kind === "access-denied" && policy.propagation) {
      const waitMs = backoffDelay(propagationRetries + 1, policy.propagation.backoff, clock.random);
      // Give up rather than start an attempt after the window has closed.
      if (clock.now() - start + waitMs > policy.propagation.windowMs) return undefined;
      propagationRetries++;
      return { reason: "propagation", waitMs };
    }
    return undefined;
  };

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) {
      return { ok: false, error: { kind: "aborted" }, attempts: attempt - 1, propagationRetried: propagationRetries > 0 };
    }
    let error: StsErrorInfo;
    try {
      return { ok: true, value: await call(signal), attempts: attempt };
    } catch (thrown) {
      error = classifyStsError(thrown, signal);
    }
    const retry = planRetry(error);
    if (!retry) return { ok: false, error, attempts: attempt, propagationRetried: propagationRetries > 0 };
    onRetry?.({ ...retry, nextAttempt: attempt + 1, error });
    await clock.sleep(retry.waitMs, signal);
  }
}

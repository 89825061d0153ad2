/** How deliveries are retried: the wait before each new attempt, and one attempt's limit. */
export interface RetryPolicy {
  /** Waits before the 2nd, 3rd, … attempt; AWS-like default: 1, 2, 4, 8, 16, 29 s (about a minute in all). */
  delaysMs: readonly number[];
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { delaysMs: [1000, 2000, 4000, 8000, 16_000, 29_000], attemptTimeoutMs: 15_000 };

/**
 * POSTs one message to a subscribed endpoint until it answers 2xx, retrying
 * on any other answer, a network error or a timeout. Redirects are not
 * followed (SNS does not), and the answer's body is never read. Resolves true
 * once delivered, false when the attempts run out or the sandbox closes.
 */
export async function deliver(
  endpoint: string,
  headers: Record<string, string>,
  body: string,
  policy: RetryPolicy,
  signal: AbortSignal,
  sleep: (ms: number) => Promise<void>,
): Promise<boolean> {
  for (let attempt = 0; attempt <= policy.delaysMs.length; attempt++) {
    if (attempt > 0) await sleep(policy.delaysMs[attempt - 1] ?? 0);
    if (signal.aborted) return false;
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.any([signal, AbortSignal.timeout(policy.attemptTimeoutMs)]),
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) return true;
    } catch {
      // Refused, reset or timed out: the next attempt decides.
    }
  }
  return false;
}

/**
 * When a failed delivery is tried again: soon at first, then further apart, about a day in all
 * (5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 8 h, 8 h after each failure: nine attempts over 23.6 h),
 * each delay within ±20% so that many deliveries failing together do not return together.
 */
export const RETRY_DELAYS_MS = [5_000, 60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 28_800_000, 28_800_000] as const;

/** An endpoint whose every attempt has failed for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

/** The delay before attempt `attempts + 1` after `attempts` failed ones, or null when it is time to give up. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}

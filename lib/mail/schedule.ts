/**
 * When a message the SMTP server did not take is tried again: 30 s, 2 min, 10 min, 30 min, 1 h,
 * 2 h, 4 h, 8 h, 12 h, 12 h after each failure (eleven attempts over about 40 h), each within ±20%
 * so that messages failing together (an outage) do not all return at the same moment.
 */
export const MAIL_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000, 43_200_000] as const;

/** The delay before attempt `attempts + 1` after `attempts` failed ones, or null when it is time to give up. */
export function mailRetryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  const base = MAIL_RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}

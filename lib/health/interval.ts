const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An interval in the words people use for it ("48 h", "7 d", "15 min", "30 s"), for pages and logs. */
export function formatInterval(ms: number): string {
  if (ms >= 3 * DAY && ms % DAY === 0) return `${ms / DAY} d`;
  if (ms >= HOUR) return `${Math.round(ms / HOUR)} h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

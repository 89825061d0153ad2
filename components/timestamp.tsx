const format = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
  timeZoneName: "short",
});

/**
 * A moment as people read it ("4 Dec 2026, 09:30 UTC"), or a word for "never". Always UTC and one
 * locale, so the server and the browser write the same text.
 */
export function Timestamp({ date, never = "never" }: { date: Date | null; never?: string }) {
  if (!date) return <span className="text-slate-500">{never}</span>;
  return <time dateTime={date.toISOString()}>{format.format(date)}</time>;
}

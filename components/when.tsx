/** A timestamp as people read it in the portal (UTC, to the minute), or a word for "never". */
export function When({ date, never = "never" }: { date: Date | null; never?: string }) {
  if (!date) return <span className="text-slate-500">{never}</span>;
  const iso = date.toISOString();
  return <time dateTime={iso}>{`${iso.replace("T", " ").slice(0, 16)} UTC`}</time>;
}

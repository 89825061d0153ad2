import type { DailyOutcomes } from "@/lib/dal/admin/overview";
import { formatCount } from "@/lib/numbers";

const SERIES = [
  { key: "verified", label: "Verified", color: "#059669" },
  { key: "failed", label: "Failed", color: "#dc2626" },
  { key: "insecure", label: "Insecure", color: "#ea580c" },
] as const;

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 44 };

/** A "nice" axis maximum (1, 2 or 5 times a power of ten) at or above `n`. */
function niceMax(n: number): number {
  if (n <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].find((m) => m * power >= n) ?? 10) * power;
}

/**
 * Verification outcomes per day as stacked bars, drawn as inline SVG (no charting library in the
 * bundle). Screen readers get a title and summary, and the same numbers as a visually hidden table.
 */
export function OutcomesChart({ days }: { days: DailyOutcomes[] }) {
  const totals = days.map((d) => d.verified + d.failed + d.insecure);
  const max = niceMax(Math.max(0, ...totals));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const sum = (key: (typeof SERIES)[number]["key"]) => days.reduce((n, d) => n + d[key], 0);
  const first = days[0]?.day ?? "";
  const last = days.at(-1)?.day ?? "";
  const summary = `${days.length} days from ${first} to ${last}: ${SERIES.map((s) => `${formatCount(sum(s.key))} ${s.label.toLowerCase()}`).join(", ")}.`;
  return (
    <figure className="space-y-3">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="outcomes-title outcomes-desc" className="h-auto w-full">
        <title id="outcomes-title">Verification outcomes per day</title>
        <desc id="outcomes-desc">{summary}</desc>
        {[0, max / 2, max].filter(Number.isInteger).map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#475569">
              {formatCount(tick)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          let base = 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g key={d.day}>
              {SERIES.map((s) => {
                const value = d[s.key];
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return value > 0 ? <rect key={s.key} x={x} y={top} width={barW} height={height} fill={s.color} /> : null;
              })}
              {i % 5 === 0 || i === days.length - 1 ? (
                <text x={x + barW / 2} y={HEIGHT - 8} textAnchor="middle" fontSize="11" fill="#475569">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-sm text-slate-700" aria-hidden>
        {SERIES.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1.5">
            <span className="inline-block h-3 w-3 rounded-sm" style={{ backgroundColor: s.color }} />
            {s.label} ({sum(s.key)})
          </span>
        ))}
      </figcaption>
      <table className="sr-only">
        <caption>Verification outcomes per day (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {SERIES.map((s) => (
              <th key={s.key} scope="col">{s.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              {SERIES.map((s) => (
                <td key={s.key}>{d[s.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

import type { TimelineBucket } from "@/lib/overview/get-delivery-overview";
import { LocalTimeLabel } from "./local-time-label";

export const STATUS_COLORS = {
  delivered: "#10b981",
  pending: "#38bdf8",
  failed: "#f59e0b",
  dead: "#ef4444",
} as const;

const ORDER = ["delivered", "pending", "failed", "dead"] as const;
const LABELS = 6;

/** A round axis maximum (1, 2, 2.5 or 5 × 10ⁿ) at or above the largest bucket, and its tick step. */
function axisScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough && Number.isInteger(s)) ?? rough;
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * Deliveries per bucket, stacked by status, drawn on the server as SVG: the chart needs no
 * interaction to be read, so it ships no charting library to the browser (recharts was most of
 * the overview's first-load JavaScript). Each bar names its numbers in a native tooltip, and a
 * table of the same numbers follows for screen readers.
 */
export function DeliveryTimelineChart({
  timeline,
  bucketMinutes,
}: {
  timeline: TimelineBucket[];
  bucketMinutes: number;
}) {
  const totals = timeline.map((b) => ORDER.reduce((sum, s) => sum + b.counts[s], 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const { top, step } = axisScale(Math.max(0, ...totals));
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const width = Math.max(1, timeline.length);
  const labelEvery = Math.max(1, Math.ceil(timeline.length / LABELS));
  return (
    <figure className="m-0">
      <div className="flex flex-wrap gap-3 pb-2 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden>
        {ORDER.map((s) => (
          <span key={s} className="inline-flex items-center gap-1">
            <span className="inline-block size-2.5 rounded-sm" style={{ background: STATUS_COLORS[s] }} />
            {s}
          </span>
        ))}
      </div>
      <div className="relative h-56 pl-10 text-zinc-500 dark:text-zinc-400" aria-hidden>
        {ticks.map((t) => (
          <div
            key={t}
            className="absolute right-0 left-10 border-t border-current/15"
            style={{ bottom: `${(t / top) * 100}%` }}
          >
            <span className="absolute -top-2 -left-10 w-8 text-right text-[11px] leading-none tabular-nums">
              {t.toLocaleString("en-US")}
            </span>
          </div>
        ))}
        <svg className="relative h-full w-full" viewBox={`0 0 ${width} ${top}`} preserveAspectRatio="none">
          {timeline.map((bucket, i) => {
            let y = top;
            return (
              <g key={bucket.start}>
                <title>{`${bucket.start}: ${ORDER.map((s) => `${bucket.counts[s]} ${s}`).join(", ")}`}</title>
                <rect x={i} y={0} width={1} height={top} fill="transparent" />
                {ORDER.map((s) => {
                  const h = bucket.counts[s];
                  if (h <= 0) return null;
                  y -= h;
                  return <rect key={s} x={i + 0.1} y={y} width={0.8} height={h} fill={STATUS_COLORS[s]} />;
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <div className="relative ml-10 h-5 text-[11px] text-zinc-500 dark:text-zinc-400" aria-hidden>
        {timeline.map((bucket, i) =>
          i % labelEvery === 0 ? (
            <span
              key={bucket.start}
              // A phone has room for every other label only ("09:00 AM" is ~50 px wide).
              className={`absolute top-1 -translate-x-1/2 whitespace-nowrap${(i / labelEvery) % 2 ? " max-sm:hidden" : ""}`}
              style={{ left: `${((i + 0.5) / width) * 100}%` }}
            >
              <LocalTimeLabel iso={bucket.start} withDay={bucketMinutes >= 360} />
            </span>
          ) : null,
        )}
      </div>
      <figcaption className="sr-only">
        Deliveries over time by status, {total} in total.
        <table>
          <thead>
            <tr>
              <th>Bucket start</th>
              {ORDER.map((s) => (
                <th key={s}>{s}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {timeline.map((b) => (
              <tr key={b.start}>
                <td>{b.start}</td>
                {ORDER.map((s) => (
                  <td key={s}>{b.counts[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

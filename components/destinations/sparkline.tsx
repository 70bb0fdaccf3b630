import type { HourlyAttempts } from "@/lib/destinations/list-destinations";

/**
 * 24 hourly bars of attempts (red part: failed). Plain SVG rendered on the server: a chart
 * library would ship a client bundle and a ResizeObserver per table row for a 96×20 glyph.
 */
export function Sparkline({
  hourly,
  width = 96,
  height = 20,
}: {
  hourly: HourlyAttempts[];
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...hourly.map((h) => h.succeeded + h.failed));
  const bar = width / hourly.length;
  const total = hourly.reduce((s, h) => s + h.succeeded + h.failed, 0);
  const failed = hourly.reduce((s, h) => s + h.failed, 0);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Last 24 hours: ${total} attempts, ${failed} failed`}
      className="overflow-visible"
    >
      <title>{`Last 24 h: ${total} attempts, ${failed} failed`}</title>
      <line
        x1={0}
        x2={width}
        y1={height - 0.5}
        y2={height - 0.5}
        className="stroke-zinc-200 dark:stroke-zinc-800"
        strokeWidth={1}
      />
      {hourly.map((h, i) => {
        const okHeight = (h.succeeded / max) * height;
        const failHeight = (h.failed / max) * height;
        const x = i * bar + 0.5;
        return (
          <g key={h.hour.toString()}>
            {okHeight > 0 ? (
              <rect
                x={x}
                y={height - okHeight}
                width={Math.max(1, bar - 1)}
                height={okHeight}
                className="fill-emerald-500"
              />
            ) : null}
            {failHeight > 0 ? (
              <rect
                x={x}
                y={height - okHeight - failHeight}
                width={Math.max(1, bar - 1)}
                height={failHeight}
                className="fill-red-500"
              />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TimelineBucket } from "@/lib/overview/get-delivery-overview";

export const STATUS_COLORS = {
  delivered: "#10b981",
  pending: "#38bdf8",
  failed: "#f59e0b",
  dead: "#ef4444",
} as const;

const ORDER = ["delivered", "pending", "failed", "dead"] as const;

function tickLabel(iso: string, bucketMinutes: number): string {
  const d = new Date(iso);
  return bucketMinutes >= 360
    ? d.toLocaleDateString(undefined, { weekday: "short", hour: "2-digit" })
    : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/**
 * Deliveries per bucket, stacked by status. Times are labelled in the browser's timezone. A
 * table of the same numbers follows for screen readers (a chart alone is not accessible).
 */
export function DeliveryTimelineChart({
  timeline,
  bucketMinutes,
}: {
  timeline: TimelineBucket[];
  bucketMinutes: number;
}) {
  const data = timeline.map((b) => ({ start: b.start, ...b.counts }));
  const total = data.reduce((sum, b) => sum + b.delivered + b.pending + b.failed + b.dead, 0);
  return (
    <figure className="m-0">
      <div className="h-64 text-zinc-500 dark:text-zinc-400" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            accessibilityLayer={false}
            data={data}
            margin={{ top: 4, right: 8, bottom: 0, left: -12 }}
            barCategoryGap={2}
          >
            <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              dataKey="start"
              tickFormatter={(v: string) => tickLabel(v, bucketMinutes)}
              tick={{ fill: "currentColor", fontSize: 11 }}
              stroke="currentColor"
              strokeOpacity={0.3}
              minTickGap={24}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: "currentColor", fontSize: 11 }}
              stroke="currentColor"
              strokeOpacity={0.3}
            />
            <Tooltip
              cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
              labelFormatter={(v) => new Date(String(v)).toLocaleString()}
              contentStyle={{
                fontSize: 12,
                borderRadius: 6,
                background: "var(--tooltip-bg, #fff)",
                border: "1px solid #d4d4d8",
                color: "#18181b",
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} />
            {ORDER.map((status) => (
              <Bar key={status} dataKey={status} stackId="s" fill={STATUS_COLORS[status]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
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
            {data.map((b) => (
              <tr key={b.start}>
                <td>{b.start}</td>
                {ORDER.map((s) => (
                  <td key={s}>{b[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

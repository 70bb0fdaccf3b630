import { pool } from "../db/client";

export const DELIVERY_STATUSES = ["pending", "delivered", "failed", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type StatusCounts = Record<DeliveryStatus, number>;

export type OverviewRange = "24h" | "7d";

export interface TimelineBucket {
  /** Start of the bucket, ISO. */
  start: string;
  counts: StatusCounts;
}

export interface FailingDestination {
  id: string;
  name: string;
  failing: number;
  dead: number;
  total: number;
  /** failing / total in the range. */
  failureRate: number;
}

export interface DeliveryOverview {
  range: OverviewRange;
  since: string;
  counts: { "24h": StatusCounts; "7d": StatusCounts };
  /** delivered ÷ (delivered + failed + dead) per range; null when nothing finished yet. */
  successRate: { "24h": number | null; "7d": number | null };
  timeline: TimelineBucket[];
  bucketMinutes: number;
  topFailing: FailingDestination[];
}

const emptyCounts = (): StatusCounts => ({ pending: 0, delivered: 0, failed: 0, dead: 0 });

function successRate(c: StatusCounts): number | null {
  const finished = c.delivered + c.failed + c.dead;
  return finished === 0 ? null : c.delivered / finished;
}

const HOUR = 3600_000;

/** The bucket grid: hourly over 24 h, 6-hourly over 7 d, aligned to UTC hours. */
export function timelineGrid(range: OverviewRange, now: Date): { starts: Date[]; bucketMs: number } {
  const bucketMs = range === "24h" ? HOUR : 6 * HOUR;
  const count = range === "24h" ? 24 : 28;
  const lastStart = Math.floor(now.getTime() / bucketMs) * bucketMs;
  return { starts: Array.from({ length: count }, (_, i) => new Date(lastStart - (count - 1 - i) * bucketMs)), bucketMs };
}

/**
 * Everything the overview charts need from webhook_deliveries in ONE index-only scan of the
 * last 7 days (idx_webhook_deliveries_destination_created_status): rows grouped by destination,
 * status and hour, folded here into per-range counts, the timeline and the failing
 * destinations. Scanning once instead of once per widget is what keeps it under 300 ms at a
 * million deliveries.
 */
export async function getDeliveryOverview(orgId: string, range: OverviewRange, now: Date = new Date()): Promise<DeliveryOverview> {
  const since7d = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 7 * 24 * HOUR + HOUR);
  const { rows } = await pool().query<{ destination_id: string; status: DeliveryStatus; hour: Date; n: number }>(
    `SELECT d.destination_id, d.status, date_trunc('hour', d.created_at) AS hour, count(*)::int AS n
       FROM webhook_deliveries d
      WHERE d.destination_id IN (SELECT id FROM webhook_destinations WHERE org_id = $1)
        AND d.created_at >= $2
      GROUP BY 1, 2, 3`,
    // An ISO string, not a Date: node-postgres would send a Date in the process's local zone,
    // and PostgreSQL drops the offset for `timestamp without time zone`.
    [orgId, since7d.toISOString()],
  );
  const names = await pool().query<{ id: string; name: string }>("SELECT id, name FROM webhook_destinations WHERE org_id = $1", [orgId]);
  const nameOf = new Map(names.rows.map((r) => [r.id, r.name]));

  const counts = { "24h": emptyCounts(), "7d": emptyCounts() };
  const since24h = now.getTime() - 24 * HOUR;
  const { starts, bucketMs } = timelineGrid(range, now);
  const buckets = new Map(starts.map((s) => [s.getTime(), emptyCounts()]));
  const rangeStart = range === "24h" ? since24h : since7d.getTime();
  const perDestination = new Map<string, { failing: number; dead: number; total: number }>();

  for (const row of rows) {
    const hour = row.hour.getTime();
    counts["7d"][row.status] += row.n;
    // An hour bucket straddling the 24 h line counts in full: the view is hourly anyway.
    if (hour + HOUR > since24h) counts["24h"][row.status] += row.n;
    const bucket = buckets.get(Math.floor(hour / bucketMs) * bucketMs);
    if (bucket) bucket[row.status] += row.n;
    if (hour + HOUR > rangeStart) {
      const d = perDestination.get(row.destination_id) ?? { failing: 0, dead: 0, total: 0 };
      d.total += row.n;
      if (row.status === "failed" || row.status === "dead") d.failing += row.n;
      if (row.status === "dead") d.dead += row.n;
      perDestination.set(row.destination_id, d);
    }
  }

  const topFailing = [...perDestination.entries()]
    .filter(([, d]) => d.failing > 0)
    .map(([id, d]) => ({ id, name: nameOf.get(id) ?? "(deleted)", ...d, failureRate: d.failing / d.total }))
    .sort((a, b) => b.failing - a.failing || a.name.localeCompare(b.name))
    .slice(0, 5);

  return {
    range,
    since: new Date(rangeStart).toISOString(),
    counts,
    successRate: { "24h": successRate(counts["24h"]), "7d": successRate(counts["7d"]) },
    timeline: starts.map((s) => ({ start: s.toISOString(), counts: buckets.get(s.getTime())! })),
    bucketMinutes: bucketMs / 60_000,
    topFailing,
  };
}

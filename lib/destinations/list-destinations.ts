import { db } from "../db/client";
import { Prisma } from "../db/generated/prisma/client";
import { DESTINATION_SELECT, toDestinationView, type DestinationView } from "./destination-view";

export interface HourlyAttempts {
  /** Start of the hour (UTC). */
  hour: Date;
  succeeded: number;
  failed: number;
}

export interface DestinationHealth {
  /** HTTP attempts in the last 24 h. */
  attempts24h: number;
  /** Share of those attempts that got a 2xx, 0..1; null with no attempts. */
  successRate24h: number | null;
  /** 95th percentile of attempt duration over 24 h, in ms; null with no attempts. */
  p95ResponseMs24h: number | null;
  /** 24 hourly buckets, oldest first, ending with the current hour (for a sparkline). */
  hourly: HourlyAttempts[];
  /** The most recent delivery of this destination that is failed or dead. */
  lastFailure: { at: Date; error: string | null } | null;
}

export type DestinationListItem = DestinationView & DestinationHealth;

/**
 * Every destination of the org with its 24 h health. The attempt statistics come from
 * webhook_delivery_attempts reached through deliveries whose last attempt falls in the
 * window (an attempt is never later than its delivery's last_attempt_at), and the last
 * failure from a small partial index over failed/dead deliveries.
 */
export async function listDestinations(orgId: string): Promise<DestinationListItem[]> {
  const [destinations, stats, failures] = await Promise.all([
    db.webhookDestination.findMany({ where: { orgId }, select: DESTINATION_SELECT, orderBy: { id: "asc" } }),
    // Raw: a percentile and GROUPING SETS over a join, which Prisma's groupBy cannot say.
    db.$queryRaw<{ destination_id: string; hour: Date | null; total: number; ok: number; p95: number | null }[]>(
      Prisma.sql`
      SELECT d.destination_id,
             date_trunc('hour', a.started_at) AS hour,
             count(*)::int AS total,
             count(*) FILTER (WHERE a.response_status BETWEEN 200 AND 299)::int AS ok,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS p95
        FROM webhook_deliveries d
        JOIN webhook_delivery_attempts a ON a.delivery_id = d.id AND a.started_at >= now() - interval '24 hours'
       WHERE d.destination_id IN (SELECT id FROM webhook_destinations WHERE org_id = ${orgId}::uuid)
         AND d.last_attempt_at >= now() - interval '24 hours'
       GROUP BY GROUPING SETS ((d.destination_id), (d.destination_id, date_trunc('hour', a.started_at)))`,
    ),
    // Raw: the newest failure per destination is a LATERAL join (one index probe each).
    db.$queryRaw<{ id: string; at: Date; error_message: string | null }[]>(Prisma.sql`
      SELECT w.id, f.last_attempt_at AS at, f.error_message
        FROM webhook_destinations w
        JOIN LATERAL (
          SELECT d.last_attempt_at, d.error_message FROM webhook_deliveries d
           WHERE d.destination_id = w.id AND d.status IN ('failed', 'dead') AND d.last_attempt_at IS NOT NULL
           ORDER BY d.last_attempt_at DESC LIMIT 1) f ON true
       WHERE w.org_id = ${orgId}::uuid`),
  ]);
  const now = new Date();
  const currentHour = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours());
  const totals = new Map<string, { total: number; ok: number; p95: number | null }>();
  const hours = new Map<string, Map<number, { total: number; ok: number }>>();
  for (const row of stats) {
    if (row.hour === null) totals.set(row.destination_id, { total: row.total, ok: row.ok, p95: row.p95 });
    else {
      const perHour = hours.get(row.destination_id) ?? new Map<number, { total: number; ok: number }>();
      perHour.set(row.hour.getTime(), { total: row.total, ok: row.ok });
      hours.set(row.destination_id, perHour);
    }
  }
  const lastFailures = new Map(failures.map((row) => [row.id, { at: row.at, error: row.error_message }]));
  // By name, case-insensitively (id breaks ties); an org has few destinations, and Prisma's
  // orderBy has no lower().
  const byName = [...destinations].sort((a, b) => compareText(a.name.toLowerCase(), b.name.toLowerCase()));
  return byName.map((row) => {
    const total = totals.get(row.id);
    const perHour = hours.get(row.id);
    const hourly: HourlyAttempts[] = [];
    for (let i = 23; i >= 0; i--) {
      const start = currentHour - i * 3_600_000;
      const bucket = perHour?.get(start);
      hourly.push({ hour: new Date(start), succeeded: bucket?.ok ?? 0, failed: bucket ? bucket.total - bucket.ok : 0 });
    }
    return {
      ...toDestinationView(row, now),
      attempts24h: total?.total ?? 0,
      successRate24h: total && total.total > 0 ? total.ok / total.total : null,
      p95ResponseMs24h: total?.p95 == null ? null : Math.round(total.p95),
      hourly,
      lastFailure: lastFailures.get(row.id) ?? null,
    };
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

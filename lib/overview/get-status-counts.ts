import { pool } from "../db/client";

export type DeliveryStatus = "pending" | "delivered" | "failed" | "dead";

export async function getDeliveryStatusCounts(orgId: string, sinceHours: number): Promise<Record<DeliveryStatus, number>> {
  const { rows } = await pool().query<{ status: DeliveryStatus; n: number }>(
    `SELECT d.status, count(*)::int AS n
       FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id
      WHERE w.org_id = $1 AND d.created_at >= now() - make_interval(hours => $2)
      GROUP BY d.status`,
    [orgId, sinceHours],
  );
  const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0, dead: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

import { pool } from "../db/client";

export interface QueueHealth {
  /** created_at of the oldest delivery not yet delivered nor dead (pending or awaiting a retry). */
  oldestUndeliveredAt: Date | null;
  oldestUndeliveredId: string | null;
  /** Its age by the database clock, so every app instance shows the same figure. */
  oldestUndeliveredAgeMs: number | null;
  /** failed_webhooks rows still waiting for a person (status pending). */
  deadLetterPending: number;
}

/** The backlog at a glance; each figure reads a small partial index. */
export async function getQueueHealth(orgId: string): Promise<QueueHealth> {
  const { rows } = await pool().query<{
    oldest_at: Date | null;
    oldest_id: string | null;
    oldest_age_ms: number | null;
    dlq: number;
  }>(
    `WITH dest AS (SELECT id FROM webhook_destinations WHERE org_id = $1)
     SELECT oldest.created_at AS oldest_at, oldest.id AS oldest_id,
            (extract(epoch FROM now() - oldest.created_at) * 1000)::float8 AS oldest_age_ms,
            (SELECT count(*)::int FROM failed_webhooks f
              WHERE f.status = 'pending' AND f.webhook_payload_json ->> 'org_id' = $1::text) AS dlq
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         -- One probe of the partial undelivered index per destination, then the oldest of those.
         SELECT first.id, first.created_at FROM dest
          CROSS JOIN LATERAL (
            SELECT d.id, d.created_at FROM webhook_deliveries d
             WHERE d.destination_id = dest.id AND d.status IN ('pending', 'failed')
             ORDER BY d.created_at ASC LIMIT 1) first
          ORDER BY first.created_at ASC LIMIT 1) oldest ON true`,
    [orgId],
  );
  const row = rows[0]!;
  return {
    oldestUndeliveredAt: row.oldest_at,
    oldestUndeliveredId: row.oldest_id,
    oldestUndeliveredAgeMs: row.oldest_age_ms,
    deadLetterPending: row.dlq,
  };
}

import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/sql";

export interface QueueHealth {
  /** created_at of the oldest delivery not yet delivered nor dead (pending or awaiting a retry). */
  oldestUndeliveredAt: Date | null;
  oldestUndeliveredId: string | null;
  /** Its age by the database clock, so every app instance shows the same figure. */
  oldestUndeliveredAgeMs: number | null;
  /** failed_webhooks rows still waiting for a person (status pending), counted up to DEAD_LETTER_COUNT_CAP. */
  deadLetterPending: number;
  /** true when there are more than DEAD_LETTER_COUNT_CAP: show "1,000+". */
  deadLetterPendingCapped: boolean;
}

/**
 * failed_webhooks has no org column (the seed's table): its org is inside the JSON, so the
 * org's pending rows are found through an expression index, which PostgreSQL cannot count
 * from the index alone — an exact count reads every pending dead letter of the org (a
 * sequential scan of the table at 70,000 of them, ~25 ms, growing with the queue). Counting
 * stops here instead; the failures list has the exact figure.
 */
export const DEAD_LETTER_COUNT_CAP = 1_000;

/** The backlog at a glance; each figure is a bounded read of a small partial index. */
export async function getQueueHealth(orgId: string): Promise<QueueHealth> {
  // Raw SQL: one statement of lateral probes (the oldest undelivered per destination through the
  // partial index, then the oldest of those) and a capped count, which the query API cannot say.
  const rows = await db.$queryRaw<
    { oldest_at: Date | null; oldest_id: string | null; oldest_age_ms: number | null; dlq: number }[]
  >(Prisma.sql`WITH dest AS (SELECT id FROM webhook_destinations WHERE org_id = ${orgId}::uuid)
     SELECT oldest.created_at AS oldest_at, oldest.id AS oldest_id,
            (extract(epoch FROM now() - oldest.created_at) * 1000)::float8 AS oldest_age_ms,
            (SELECT count(*)::int FROM (
               SELECT 1 FROM failed_webhooks f
                WHERE f.status = 'pending' AND f.webhook_payload_json ->> 'org_id' = ${orgId}::text
                LIMIT ${DEAD_LETTER_COUNT_CAP + 1}) capped) AS dlq
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         -- One probe of the partial undelivered index per destination, then the oldest of those.
         SELECT first.id, first.created_at FROM dest
          CROSS JOIN LATERAL (
            SELECT d.id, d.created_at FROM webhook_deliveries d
             WHERE d.destination_id = dest.id AND d.status IN ('pending', 'failed')
             ORDER BY d.created_at ASC LIMIT 1) first
          ORDER BY first.created_at ASC LIMIT 1) oldest ON true`);
  const row = rows[0]!;
  return {
    oldestUndeliveredAt: row.oldest_at,
    oldestUndeliveredId: row.oldest_id,
    oldestUndeliveredAgeMs: row.oldest_age_ms,
    deadLetterPending: Math.min(row.dlq, DEAD_LETTER_COUNT_CAP),
    deadLetterPendingCapped: row.dlq > DEAD_LETTER_COUNT_CAP,
  };
}

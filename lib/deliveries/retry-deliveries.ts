import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { describeTarget, type BulkProgress } from "../bulk/bulk-target";
import { BATCH_LIMIT, runBatches } from "../bulk/run-batches";
import { and, Prisma } from "../db/sql";
import { loadOrgDestinations } from "./delivery-conditions";
import { targetConditions, type DeliveryTarget } from "./delivery-target";

/**
 * Re-queues failed and dead deliveries: `pending`, due now (next_retry_at NULL), attempts
 * reset to 0. Pending and delivered rows are left alone — a pending row may be in flight
 * under a dispatcher's lease, and a delivered one needs no retry. A dead delivery's
 * dead-letter row is marked `retried` as a retry from the review queue would (DESIGN.md,
 * Review), so the two views never disagree.
 */
export async function retryDeliveries(
  orgId: string,
  target: DeliveryTarget,
  actor: AuditActor,
  onProgress?: BulkProgress,
): Promise<{ count: number }> {
  const org = await loadOrgDestinations(orgId);
  if (org.ids.length === 0) return { count: 0 };
  const { changed } = await runBatches(
    (after) => {
      const where = [...targetConditions(org, target), Prisma.sql`d.status IN ('failed', 'dead')`];
      if (after) where.push(Prisma.sql`d.id > ${after}::uuid`);
      return Prisma.sql`WITH batch AS (
               SELECT d.id, d.status FROM webhook_deliveries d WHERE ${and(where)}
                ORDER BY d.id ${BATCH_LIMIT} FOR UPDATE OF d SKIP LOCKED
             ), requeued AS (
               UPDATE webhook_deliveries d SET status = 'pending', next_retry_at = NULL, attempts = 0
                 FROM batch b WHERE d.id = b.id
               RETURNING d.id, b.status AS was
             ), reviewed AS (
               UPDATE failed_webhooks f
                  SET status = 'retried', attempt_count = LEAST(f.attempt_count + 1, 255), last_attempt_at = now()
                 FROM requeued r
                WHERE r.was = 'dead' AND f.webhook_payload_json ->> 'delivery_id' = r.id::text AND f.status = 'pending'
               RETURNING f.id
             )
             SELECT (SELECT id::text FROM batch ORDER BY id DESC LIMIT 1) AS last_id,
                    (SELECT count(*)::int FROM batch) AS scanned,
                    (SELECT count(*)::int FROM requeued) AS changed,
                    (SELECT count(*)::int FROM reviewed) AS extra`;
    },
    {
      audit: {
        entry: {
          orgId,
          actor,
          action: "deliveries.retried",
          targetType: "delivery",
          targetId: "ids" in target && target.ids.length === 1 ? target.ids[0] : null,
        },
        details: (totals) => ({
          ...describeTarget(target),
          count: totals.changed,
          deadLettersMarkedRetried: totals.extra,
        }),
      },
      onProgress,
    },
  );
  return { count: changed };
}

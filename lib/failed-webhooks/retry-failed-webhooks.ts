import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { describeTarget, type BulkProgress } from "../bulk/bulk-target";
import { BATCH_LIMIT, runBatches } from "../bulk/run-batches";
import { and, Prisma, trusted, uuidOrNull } from "../db/sql";
import { failedWebhookTargetConditions, type FailedWebhookTarget } from "./failed-webhook-conditions";

export interface RetryFailedWebhooksResult {
  /** Dead letters retried: their delivery re-queued, the row marked `retried`. */
  count: number;
  /** Rows whose delivery no longer exists (its destination or log was deleted): left as they were. */
  skipped: number;
  /** Up to 100 of the skipped rows' ids, to show the admin which. */
  skippedIds: string[];
}

/**
 * DESIGN.md, Review: retrying a dead letter re-queues its delivery (pending, due now,
 * attempts reset to 0) and marks the row `retried` with attempt_count + 1 (capped at 255, the
 * column's TINYINT range) and last_attempt_at = now. If the delivery dies again, the
 * dispatcher reopens this same row as `pending`. Rows that are `pending` or
 * `failed_permanently` (a discard being undone) are retried; `retried` ones are already queued.
 * Both updates happen in one statement per batch, so a row is never marked without its delivery.
 */
export async function retryFailedWebhooks(
  orgId: string,
  target: FailedWebhookTarget,
  actor: AuditActor,
  onProgress?: BulkProgress,
): Promise<RetryFailedWebhooksResult> {
  const skippedIds: string[] = [];
  const { changed, extra: skipped } = await runBatches(
    (after) => {
      const where = [
        ...failedWebhookTargetConditions(orgId, target),
        Prisma.sql`f.status IN ('pending', 'failed_permanently')`,
      ];
      if (after) where.push(Prisma.sql`f.id > ${after}::bigint`);
      return Prisma.sql`WITH batch AS (
               SELECT f.id, ${uuidOrNull(trusted("f.webhook_payload_json ->> 'delivery_id'"))} AS delivery_id
                 FROM failed_webhooks f WHERE ${and(where)}
                ORDER BY f.id ${BATCH_LIMIT} FOR UPDATE OF f SKIP LOCKED
             ), requeued AS (
               UPDATE webhook_deliveries d SET status = 'pending', next_retry_at = NULL, attempts = 0
                 FROM batch b
                WHERE d.id = b.delivery_id AND d.destination_id IN (SELECT id FROM webhook_destinations WHERE org_id = ${orgId}::uuid)
               RETURNING d.id
             ), marked AS (
               UPDATE failed_webhooks f
                  SET status = 'retried', attempt_count = LEAST(f.attempt_count + 1, 255), last_attempt_at = now()
                 FROM batch b
                WHERE f.id = b.id AND b.delivery_id IN (SELECT id FROM requeued)
               RETURNING f.id
             )
             SELECT (SELECT id::text FROM batch ORDER BY id DESC LIMIT 1) AS last_id,
                    (SELECT count(*)::int FROM batch) AS scanned,
                    (SELECT count(*)::int FROM marked) AS changed,
                    (SELECT count(*)::int FROM batch WHERE id NOT IN (SELECT id FROM marked)) AS extra,
                    (SELECT array_agg(id::text ORDER BY id)
                       FROM (SELECT id FROM batch WHERE id NOT IN (SELECT id FROM marked) ORDER BY id LIMIT 100) s) AS skipped_ids`;
    },
    {
      audit: {
        entry: {
          orgId,
          actor,
          action: "failed_webhooks.retried",
          targetType: "failed_webhook",
          targetId: "ids" in target && target.ids.length === 1 ? target.ids[0] : null,
        },
        details: (totals) => ({ ...describeTarget(target), count: totals.changed, skipped: totals.extra }),
      },
      onProgress,
      onBatch: (row) => {
        for (const id of (row.skipped_ids as string[] | null) ?? []) if (skippedIds.length < 100) skippedIds.push(id);
      },
    },
  );
  return { count: changed, skipped, skippedIds };
}

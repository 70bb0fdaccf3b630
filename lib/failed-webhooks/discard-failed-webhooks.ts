import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { describeTarget, type BulkProgress } from "../bulk/bulk-target";
import { BATCH_LIMIT, runBatches } from "../bulk/run-batches";
import { and, Prisma } from "../db/sql";
import { failedWebhookTargetConditions, type FailedWebhookTarget } from "./failed-webhook-conditions";

/**
 * Discard: `pending` dead letters become `failed_permanently` (DESIGN.md, Review). The
 * delivery stays dead; a later retry of the row is still possible.
 */
export async function discardFailedWebhooks(
  orgId: string,
  target: FailedWebhookTarget,
  actor: AuditActor,
  onProgress?: BulkProgress,
): Promise<{ count: number }> {
  const { changed } = await runBatches(
    (after) => {
      const where = [...failedWebhookTargetConditions(orgId, target), Prisma.sql`f.status = 'pending'`];
      if (after) where.push(Prisma.sql`f.id > ${after}::bigint`);
      return Prisma.sql`WITH batch AS (
               SELECT f.id FROM failed_webhooks f WHERE ${and(where)}
                ORDER BY f.id ${BATCH_LIMIT} FOR UPDATE OF f SKIP LOCKED
             ), discarded AS (
               UPDATE failed_webhooks f SET status = 'failed_permanently' FROM batch b WHERE f.id = b.id RETURNING f.id
             )
             SELECT (SELECT id::text FROM batch ORDER BY id DESC LIMIT 1) AS last_id,
                    (SELECT count(*)::int FROM batch) AS scanned,
                    (SELECT count(*)::int FROM discarded) AS changed,
                    0 AS extra`;
    },
    {
      audit: {
        entry: {
          orgId,
          actor,
          action: "failed_webhooks.discarded",
          targetType: "failed_webhook",
          targetId: "ids" in target && target.ids.length === 1 ? target.ids[0] : null,
        },
        details: (totals) => ({ ...describeTarget(target), count: totals.changed }),
      },
      onProgress,
    },
  );
  return { count: changed };
}

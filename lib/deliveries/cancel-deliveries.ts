import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { describeTarget, type BulkProgress } from "../bulk/bulk-target";
import { BATCH_LIMIT, runBatches } from "../bulk/run-batches";
import { and, Prisma, trusted, type Sql } from "../db/sql";
import { loadOrgDestinations } from "./delivery-conditions";
import { targetConditions, type DeliveryTarget } from "./delivery-target";

/**
 * The dead-letter envelope, built in SQL with the keys and body shape the dispatcher writes
 * (lib/dispatcher: deadLetterEnvelope + eventEnvelopeJson), so a cancelled delivery reviews
 * and retries like one that exhausted its retries. `c` is the delivery, `w` its destination,
 * `l` its activity log.
 */
export const DEAD_LETTER_ENVELOPE_SQL: Sql = trusted(`jsonb_build_object(
  'delivery_id', c.id, 'destination_id', w.id, 'destination_name', w.name, 'log_id', l.id, 'org_id', w.org_id,
  'event_type', l.event_type, 'url', w.url, 'attempts', c.attempts,
  'body', jsonb_build_object(
    'id', c.id, 'type', l.event_type, 'timestamp', to_char(l.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'data', jsonb_build_object(
      'log_id', l.id, 'employee_id', l.employee_id, 'session_id', l.session_id, 'client_name', l.client_name,
      'client_version', l.client_version, 'event_category', l.event_category, 'content', l.content, 'payload', l.payload)))`);

/**
 * Marks pending and failed deliveries dead ("cancel"): no further attempts. Each gets a
 * dead-letter row (created, or reopened to `pending`) like a delivery that ran out of
 * retries, so it can still be reviewed and retried later. Moving next_retry_at also voids any
 * dispatcher lease, so an in-flight send's outcome will not resurrect the row.
 */
export async function cancelDeliveries(
  orgId: string,
  target: DeliveryTarget,
  actor: AuditActor,
  onProgress?: BulkProgress,
): Promise<{ count: number }> {
  const org = await loadOrgDestinations(orgId);
  if (org.ids.length === 0) return { count: 0 };
  const reason = `Cancelled by ${actor.label}`;
  const { changed } = await runBatches(
    (after) => {
      const where = [...targetConditions(org, target), Prisma.sql`d.status IN ('pending', 'failed')`];
      if (after) where.push(Prisma.sql`d.id > ${after}::uuid`);
      return Prisma.sql`WITH batch AS (
               SELECT d.id, d.error_message FROM webhook_deliveries d WHERE ${and(where)}
                ORDER BY d.id ${BATCH_LIMIT} FOR UPDATE OF d SKIP LOCKED
             ), cancelled AS (
               UPDATE webhook_deliveries d
                  SET status = 'dead', next_retry_at = NULL, error_message = coalesce(d.error_message, ${reason}::text)
                 FROM batch b WHERE d.id = b.id
               RETURNING d.id, d.destination_id, d.log_id, d.attempts, d.last_attempt_at, b.error_message AS previous_error
             ), dead_letters AS (
               INSERT INTO failed_webhooks (webhook_payload_json, error_message, last_attempt_at)
               SELECT ${DEAD_LETTER_ENVELOPE_SQL},
                      ${reason}::text || coalesce(' (last error: ' || c.previous_error || ')', ''),
                      c.last_attempt_at
                 FROM cancelled c
                 JOIN webhook_destinations w ON w.id = c.destination_id
                 JOIN activity_logs l ON l.id = c.log_id
               ON CONFLICT ((webhook_payload_json ->> 'delivery_id')) DO UPDATE
                  SET status = 'pending', error_message = EXCLUDED.error_message, webhook_payload_json = EXCLUDED.webhook_payload_json
               RETURNING 1
             )
             SELECT (SELECT id::text FROM batch ORDER BY id DESC LIMIT 1) AS last_id,
                    (SELECT count(*)::int FROM batch) AS scanned,
                    (SELECT count(*)::int FROM cancelled) AS changed,
                    (SELECT count(*)::int FROM dead_letters) AS extra`;
    },
    {
      audit: {
        entry: {
          orgId,
          actor,
          action: "deliveries.cancelled",
          targetType: "delivery",
          targetId: "ids" in target && target.ids.length === 1 ? target.ids[0] : null,
        },
        details: (totals) => ({ ...describeTarget(target), count: totals.changed }),
      },
      onProgress,
    },
  );
  return { count: changed };
}

import { inSpan } from "../telemetry/spans";
import type { DispatchDb } from "./cycle-transaction";
import type { AttemptOutcome } from "./http-sender";

export type DeliveryStatusAfter = "delivered" | "failed" | "dead";

/**
 * One attempt and the outcome it gives its delivery: what the cycle writes for each delivery it
 * sent (the attempt row and the delivery's new state come from the same answer).
 */
export interface DeliveryOutcome {
  deliveryId: string;
  leaseToken: string | null;
  status: DeliveryStatusAfter;
  /** Attempts including this one, which is also the attempt row's number. */
  attempts: number;
  responseStatus: number | null;
  responseBody: string | null;
  /** The delivery's error_message and the attempt row's error. */
  error: string | null;
  /** For `failed`: when to try again. */
  retryDelayMs: number | null;
  /** For `dead`: the failed_webhooks envelope (never secrets). */
  deadLetter: Record<string, unknown> | null;
  startedAt: Date;
  durationMs: number;
  requestUrl: string;
  /** The request's headers as stored (secrets already redacted), as JSON text. */
  requestHeadersJson: string;
  batchSize: number;
  responseHeaders: Record<string, string | string[]> | null;
  outcome: AttemptOutcome;
}

export interface RecordedOutcomes {
  delivered: number;
  failed: number;
  dead: number;
  /** Deliveries whose lease had been lost (another dispatcher took them over): their outcome was not applied. */
  stale: number;
  staleIds: string[];
}

/**
 * One statement per cycle writes every outcome: the deliveries' new state, the dead letters
 * (created, or reopened when the delivery already had one), the attempt rows, and the
 * destinations a 410 Gone switched off with their audit entries. An outcome only applies
 * while the row's `next_retry_at` is still the one claimed, so a late writer can never
 * overwrite a newer attempt's result; its attempt row is left out with it (attempt rows must
 * equal the sum of `attempts`). In a dispatch cycle the row locks make that certain; the
 * guard is what protects a test send, which writes a lease instead of holding a lock.
 *
 * Times are statement_timestamp(), not now(): the cycle's transaction began before its requests
 * went out, so its now() precedes every answer — a delivery would be "delivered" before its
 * attempt started, and a retry would come due early by the length of the cycle.
 */
const RECORD_OUTCOMES_SQL = `
WITH v AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(
    id uuid, lease text, status text, attempts int, response_status int, response_body text, error text,
    retry_delay_ms bigint, dead_letter jsonb, started_at timestamp, duration_ms int, request_url text,
    request_headers jsonb, batch_size int, response_headers jsonb, outcome text)
), upd AS (
  UPDATE webhook_deliveries d
     SET status = v.status,
         attempts = v.attempts,
         last_attempt_at = statement_timestamp(),
         response_status = v.response_status,
         response_body = v.response_body,
         error_message = v.error,
         delivered_at = CASE WHEN v.status = 'delivered' THEN statement_timestamp() ELSE NULL END,
         next_retry_at = CASE WHEN v.status = 'failed' THEN statement_timestamp() + v.retry_delay_ms * interval '1 millisecond' END
    FROM v
   WHERE d.id = v.id AND d.next_retry_at IS NOT DISTINCT FROM v.lease::timestamp AND d.status IN ('pending', 'failed')
  RETURNING d.id, v.status, v.dead_letter, v.error
), dead AS (
  INSERT INTO failed_webhooks (webhook_payload_json, error_message, last_attempt_at)
  SELECT dead_letter, error, statement_timestamp() FROM upd WHERE status = 'dead'
  ON CONFLICT ((webhook_payload_json ->> 'delivery_id')) DO UPDATE
     SET status = 'pending',
         error_message = EXCLUDED.error_message,
         last_attempt_at = EXCLUDED.last_attempt_at,
         webhook_payload_json = EXCLUDED.webhook_payload_json
  RETURNING 1
), attempts AS (
  INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, started_at, duration_ms, request_url, request_headers,
                                         batch_size, response_status, response_headers, response_body, error, outcome)
  SELECT v.id, v.attempts, v.started_at, v.duration_ms, v.request_url, v.request_headers,
         v.batch_size, v.response_status, v.response_headers, v.response_body, v.error, v.outcome
    FROM v
   -- Only applied outcomes; a destination deleted while its request was in flight took its
   -- deliveries with it, so they are not in upd either.
   WHERE v.id IN (SELECT id FROM upd)
  RETURNING 1
), disabled AS (
  UPDATE webhook_destinations SET enabled = false, updated_at = statement_timestamp()
   WHERE id = ANY($2::uuid[]) AND enabled
  RETURNING id, org_id
), disabled_audit AS (
  -- Who switched the destination off: the system, on the receiver's word. Written with the
  -- disable (a destination already off gets no second entry), naming the delivery whose
  -- request got the 410 (the first few, for a batch).
  INSERT INTO audit_logs (org_id, actor_user_id, actor_label, action, target_type, target_id, details)
  SELECT x.org_id, NULL, 'system', 'destination.disabled_by_receiver', 'destination', x.id::text,
         jsonb_build_object('deliveryId', g.ids[1], 'deliveryIds', g.ids[1:10], 'responseStatus', 410)
    FROM disabled x
    LEFT JOIN LATERAL (
      SELECT array_agg(a.id ORDER BY a.started_at, a.id) AS ids
        FROM v a
        JOIN webhook_deliveries d ON d.id = a.id
       WHERE d.destination_id = x.id AND a.response_status = 410
    ) g ON true
  RETURNING 1
)
SELECT upd.id, upd.status FROM upd`;

const q = JSON.stringify;

// The parameter is written out as JSON text rather than JSON.stringify'd from copies of the
// records: serializing 500 outcomes a cycle was the dispatcher's largest cost after the
// requests themselves. Every string value still goes through JSON.stringify; ids, statuses and
// the ISO timestamp need no escaping.
function outcomeJson(o: DeliveryOutcome): string {
  // timestamp without time zone holding UTC: an ISO string without the zone designator.
  const startedAt = o.startedAt.toISOString().slice(0, -1);
  return (
    `{"id":"${o.deliveryId}","lease":${q(o.leaseToken)},"status":"${o.status}","attempts":${o.attempts},` +
    `"response_status":${o.responseStatus},"response_body":${q(o.responseBody)},"error":${q(o.error)},` +
    `"retry_delay_ms":${o.retryDelayMs},"dead_letter":${q(o.deadLetter)},"started_at":"${startedAt}",` +
    `"duration_ms":${o.durationMs},"request_url":${q(o.requestUrl)},"request_headers":${o.requestHeadersJson},` +
    `"batch_size":${o.batchSize},"response_headers":${q(o.responseHeaders)},"outcome":"${o.outcome}"}`
  );
}

export async function recordOutcomes(
  db: DispatchDb,
  outcomes: DeliveryOutcome[],
  disableDestinationIds: string[] = [],
): Promise<RecordedOutcomes> {
  if (outcomes.length === 0) return { delivered: 0, failed: 0, dead: 0, stale: 0, staleIds: [] };
  return inSpan("record outcomes", { "db.system.name": "postgresql", "hookline.outcomes": outcomes.length }, () =>
    writeOutcomes(db, outcomes, disableDestinationIds),
  );
}

async function writeOutcomes(
  db: DispatchDb,
  outcomes: DeliveryOutcome[],
  disableDestinationIds: string[],
): Promise<RecordedOutcomes> {
  const result: RecordedOutcomes = { delivered: 0, failed: 0, dead: 0, stale: 0, staleIds: [] };
  const params = [`[${outcomes.map(outcomeJson).join(",")}]`, disableDestinationIds];
  let rows: { id: string; status: DeliveryStatusAfter }[];
  try {
    ({ rows } = await db.query<{ id: string; status: DeliveryStatusAfter }>(RECORD_OUTCOMES_SQL, params));
  } catch (error) {
    // Outside a cycle's transaction (a test send) the guard can still lose a race with a
    // concurrent delete (FK violation); one retry sees the delete and skips those attempt
    // rows. Inside one, the delete waits for the cycle's row locks and cannot interleave.
    if ((error as { code?: string }).code !== "23503") throw error;
    ({ rows } = await db.query<{ id: string; status: DeliveryStatusAfter }>(RECORD_OUTCOMES_SQL, params));
  }
  const applied = new Set<string>();
  for (const row of rows) {
    result[row.status] += 1;
    applied.add(row.id);
  }
  result.staleIds = outcomes.map((o) => o.deliveryId).filter((id) => !applied.has(id));
  result.stale = result.staleIds.length;
  return result;
}

import { assertEncryptionKey } from "../crypto/verify-encryption-key";
import { pool } from "../db/client";
import { NotFoundError } from "../errors";
import { CLAIMED_COLUMNS, CLAIMED_JOINS, toClaimedDelivery, type ClaimedRow } from "./claimed-delivery";
import { deliverBatches } from "./deliver-batches";
import { dispatchConfig, LEASE_MARGIN_MS } from "./dispatch-config";
import { UUID_PATTERN as UUID } from "../validation/uuid";

export const TEST_EVENT_TYPE = "hookline.test";

export interface TestEventResult {
  deliveryId: string;
  ok: boolean;
  status: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}

/**
 * Sends a `hookline.test` event to one destination now and reports what the receiver answered.
 * It is a real activity log with a real delivery, created already leased so no dispatcher picks
 * it up meanwhile, and sent through the dispatcher's own path: signed, authenticated, recorded
 * as an attempt, retried later like any delivery if it fails. A disabled destination can be
 * tested too. Another organisation's destination is "not found".
 */
export async function sendTestEvent(orgId: string, destinationId: string): Promise<TestEventResult> {
  if (!UUID.test(orgId) || !UUID.test(destinationId)) throw new NotFoundError("Destination");
  // With a key that is not the database's nothing could be sent: refuse before creating the event.
  await assertEncryptionKey();
  const { leaseMs } = dispatchConfig();
  const claimStartedAt = Date.now();
  const created = await pool().query<{ id: string }>(
    `WITH dest AS (
       SELECT id, org_id, timeout_ms FROM webhook_destinations WHERE id = $1 AND org_id = $2
     ), log AS (
       INSERT INTO activity_logs (org_id, event_type, event_category, content, payload)
       SELECT org_id, '${TEST_EVENT_TYPE}', 'test', 'A test event sent from Hookline',
              jsonb_build_object('message', 'This is a test event from Hookline.', 'destination_id', id, 'sent_at', to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
         FROM dest
       RETURNING id
     )
     INSERT INTO webhook_deliveries (destination_id, log_id, next_retry_at)
     SELECT dest.id, log.id, now() + GREATEST($3::int, dest.timeout_ms + ${LEASE_MARGIN_MS}) * interval '1 millisecond'
       FROM dest, log
     RETURNING id`,
    [destinationId, orgId, leaseMs],
  );
  const deliveryId = created.rows[0]?.id;
  if (!deliveryId) throw new NotFoundError("Destination");

  const { rows } = await pool().query<ClaimedRow>(
    `SELECT ${CLAIMED_COLUMNS}
       FROM (SELECT d.id, d.destination_id, d.log_id, d.attempts, d.next_retry_at, GREATEST($2::int, dw.timeout_ms + ${LEASE_MARGIN_MS}) AS lease_ms
               FROM webhook_deliveries d JOIN webhook_destinations dw ON dw.id = d.destination_id
              WHERE d.id = $1) leased
       ${CLAIMED_JOINS}`,
    [deliveryId, leaseMs],
  );
  // The destination was deleted in between (its delivery went with it).
  if (!rows[0]) throw new NotFoundError("Destination");
  const delivery = toClaimedDelivery(rows[0], claimStartedAt);
  const { reports } = await deliverBatches([{ destination: delivery.destination, deliveries: [delivery] }], {
    db: pool(),
  });
  const result = reports[0]?.result;
  if (!result)
    return {
      deliveryId,
      ok: false,
      status: null,
      durationMs: 0,
      responseBody: null,
      error: "the test event could not be sent now; the dispatcher will send it",
    };
  return {
    deliveryId,
    ok: result.outcome === "delivered",
    status: result.status,
    durationMs: result.durationMs,
    responseBody: result.body,
    error: result.error,
  };
}

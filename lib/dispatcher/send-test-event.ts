import { assertEncryptionKey } from "../crypto/verify-encryption-key";
import { pool } from "../db/client";
import { Prisma } from "../db/generated/prisma/client";
import { withTransaction } from "../db/transaction";
import { NotFoundError } from "../errors";
import { CLAIMED_COLUMNS, CLAIMED_JOINS, loadClaimedDeliveries, type ClaimedRow } from "./claimed-delivery";
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
  const deliveryId = await withTransaction(async (tx) => {
    const destination = await tx.webhookDestination.findFirst({
      where: { id: destinationId, orgId },
      select: { timeoutMs: true },
    });
    if (!destination) return null;
    // Raw: the lease is measured on the database's clock, the one the dispatcher's claim compares
    // next_retry_at with.
    const [clock] = await tx.$queryRaw<{ now: Date }[]>(Prisma.sql`SELECT now() AS now`);
    const now = clock!.now;
    const log = await tx.activityLog.create({
      data: {
        orgId,
        eventType: TEST_EVENT_TYPE,
        eventCategory: "test",
        content: "A test event sent from Hookline",
        payload: {
          message: "This is a test event from Hookline.",
          destination_id: destinationId,
          sent_at: now.toISOString(),
        },
      },
      select: { id: true },
    });
    const leaseMsHere = Math.max(leaseMs, destination.timeoutMs + LEASE_MARGIN_MS);
    const delivery = await tx.webhookDelivery.create({
      data: { destinationId, logId: log.id, nextRetryAt: new Date(now.getTime() + leaseMsHere) },
      select: { id: true },
    });
    return delivery.id;
  });
  if (!deliveryId) throw new NotFoundError("Destination");

  // On the pool: a ClaimedRow is the dispatcher's own pg row format (claim-due-deliveries.ts),
  // read with the same column list so the test event is sent exactly as a claimed delivery is.
  const { rows } = await pool().query<ClaimedRow>(
    `SELECT ${CLAIMED_COLUMNS}
       FROM (SELECT d.id, d.destination_id, d.log_id, d.attempts, d.next_retry_at,
                    GREATEST($2::int, dw.timeout_ms + ${LEASE_MARGIN_MS}) AS lease_ms
               FROM webhook_deliveries d JOIN webhook_destinations dw ON dw.id = d.destination_id
              WHERE d.id = $1) leased
       ${CLAIMED_JOINS}`,
    [deliveryId, leaseMs],
  );
  const [delivery] = await loadClaimedDeliveries(pool(), rows, claimStartedAt);
  // The destination was deleted in between (its delivery went with it).
  if (!delivery) throw new NotFoundError("Destination");
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

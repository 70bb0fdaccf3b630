import {
  CLAIMED_COLUMNS,
  CLAIMED_JOINS,
  toClaimedDelivery,
  type ClaimedDelivery,
  type ClaimedRow,
} from "./claimed-delivery";
import type { DispatchDb } from "./cycle-transaction";
import { LEASE_MARGIN_MS } from "./dispatch-config";

/**
 * One statement claims: SKIP LOCKED lets any number of dispatchers run the same query without
 * waiting on or taking each other's rows, and the row locks it takes are the claim — held by
 * the cycle's transaction (withCycleTransaction) until its outcomes are written, so claiming
 * writes nothing to the row. `lease_ms` is how long the cycle may hold the row: never shorter
 * than the destination's timeout, so a request that is started can always finish.
 *
 * The WHERE clause repeats the partial index predicate of idx_webhook_deliveries_pending so the
 * planner can use it; a row another transaction updates while this one scans is re-checked
 * (EvalPlanQual) against its new status and `next_retry_at`, and skipped if no longer due.
 */
export const CLAIM_DUE_DELIVERIES_SQL = `
WITH leased AS (
  SELECT d.id, d.destination_id, d.log_id, d.attempts, d.next_retry_at,
         GREATEST($2::int, w.timeout_ms + ${LEASE_MARGIN_MS}) AS lease_ms
    FROM webhook_deliveries d
    JOIN webhook_destinations w ON w.id = d.destination_id
   WHERE d.status IN ('pending', 'failed')
     AND (d.next_retry_at IS NULL OR d.next_retry_at <= now())
     AND w.enabled
   ORDER BY d.next_retry_at NULLS FIRST
   LIMIT $1
   FOR UPDATE OF d SKIP LOCKED
)
SELECT ${CLAIMED_COLUMNS}
  FROM leased ${CLAIMED_JOINS}`;

/** Claims inside `tx` (the cycle's transaction); the rows stay claimed until it ends. */
export async function claimDueDeliveries(tx: DispatchDb, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const claimStartedAt = Date.now();
  const { rows } = await tx.query<ClaimedRow>(CLAIM_DUE_DELIVERIES_SQL, [limit, leaseMs]);
  return rows.map((row) => toClaimedDelivery(row, claimStartedAt));
}

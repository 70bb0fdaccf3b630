import { pool } from "../db/client";
import {
  CLAIMED_COLUMNS,
  CLAIMED_JOINS,
  toClaimedDelivery,
  type ClaimedDelivery,
  type ClaimedRow,
} from "./claimed-delivery";
import { LEASE_MARGIN_MS } from "./dispatch-config";

/**
 * One statement claims and leases. SKIP LOCKED lets any number of dispatchers run the same query
 * without waiting on or taking each other's rows; moving `next_retry_at` forward is the lease: the
 * row stops being due, and if this dispatcher dies before writing an outcome the row comes due
 * again by itself when the lease ends. A lease is never shorter than the destination's timeout.
 *
 * The WHERE clause repeats the partial index predicate of idx_webhook_deliveries_pending so the
 * planner can use it; a row leased by another transaction that commits while this one scans is
 * re-checked (EvalPlanQual) against its new `next_retry_at` and skipped.
 */
export const CLAIM_DUE_DELIVERIES_SQL = `
WITH due AS (
  SELECT d.id, GREATEST($2::int, w.timeout_ms + ${LEASE_MARGIN_MS}) AS lease_ms
    FROM webhook_deliveries d
    JOIN webhook_destinations w ON w.id = d.destination_id
   WHERE d.status IN ('pending', 'failed')
     AND (d.next_retry_at IS NULL OR d.next_retry_at <= now())
     AND w.enabled
   ORDER BY d.next_retry_at NULLS FIRST
   LIMIT $1
   FOR UPDATE OF d SKIP LOCKED
), leased AS (
  UPDATE webhook_deliveries d
     SET next_retry_at = now() + due.lease_ms * interval '1 millisecond'
    FROM due
   WHERE d.id = due.id
  RETURNING d.id, d.destination_id, d.log_id, d.attempts, d.next_retry_at, due.lease_ms
)
SELECT ${CLAIMED_COLUMNS}
  FROM leased ${CLAIMED_JOINS}`;

export async function claimDueDeliveries(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const claimStartedAt = Date.now();
  const { rows } = await pool().query<ClaimedRow>(CLAIM_DUE_DELIVERIES_SQL, [limit, leaseMs]);
  return rows.map((row) => toClaimedDelivery(row, claimStartedAt));
}

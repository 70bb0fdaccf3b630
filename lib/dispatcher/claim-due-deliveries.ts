import {
  CLAIMED_COLUMNS,
  CLAIMED_JOINS,
  loadClaimedDeliveries,
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
 * Pending rows handed back and due come first, then pending rows never tried, then failed rows
 * whose retry is due. Each is one range of the seed's partial index idx_webhook_deliveries_pending
 * (status, next_retry_at), read only as far as the claim needs: the outer LIMIT stops the
 * Append, so a later branch is not even started when earlier ones fill the claim. Pending rows
 * handed back for later (a busy destination's, see deliverBatches) lie between the first two
 * ranges and are never read. (One
 * `status IN ('pending', 'failed') ORDER BY next_retry_at NULLS FIRST` cannot be read in index
 * order — two status ranges, and NULLS FIRST against the index's NULLS LAST — so it fetched and
 * sorted every due row on each claim: ~18 ms per claim of 500 with 50,000 due, growing with the
 * backlog.) A row another transaction updates while this one scans is re-checked (EvalPlanQual)
 * against its new status and `next_retry_at`, and skipped if no longer due.
 */
// Each branch is a subquery of its own: FOR UPDATE is not allowed on a UNION's members.
const DUE_BRANCH = (name: string, status: "pending" | "failed", due: string) => `SELECT * FROM (
    SELECT d.id, d.destination_id, d.log_id, d.attempts, d.next_retry_at,
           GREATEST($2::int, w.timeout_ms + ${LEASE_MARGIN_MS}) AS lease_ms
      FROM webhook_deliveries d
      JOIN webhook_destinations w ON w.id = d.destination_id
     WHERE d.status = '${status}' AND ${due} AND w.enabled
     ORDER BY d.next_retry_at
     LIMIT $1
     FOR UPDATE OF d SKIP LOCKED) ${name}`;

export const CLAIM_DUE_DELIVERIES_SQL = `
WITH leased AS (
  SELECT * FROM (
    ${DUE_BRANCH("handed_back", "pending", "d.next_retry_at <= now()")}
    UNION ALL
    ${DUE_BRANCH("never_tried", "pending", "d.next_retry_at IS NULL")}
    UNION ALL
    ${DUE_BRANCH("retries", "failed", "d.next_retry_at <= now()")}
  ) due
  LIMIT $1
)
SELECT ${CLAIMED_COLUMNS}
  FROM leased ${CLAIMED_JOINS}`;

/** Claims inside `tx` (the cycle's transaction); the rows stay claimed until it ends. */
export async function claimDueDeliveries(tx: DispatchDb, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const claimStartedAt = Date.now();
  const { rows } = await tx.query<ClaimedRow>(CLAIM_DUE_DELIVERIES_SQL, [limit, leaseMs]);
  return loadClaimedDeliveries(tx, rows, claimStartedAt);
}

import type { DispatchDb } from "./cycle-transaction";

export interface Release {
  id: string;
  leaseToken: string | null;
  /** When it is due again, from now; the call's `delayMs` when absent. */
  delayMs?: number;
}

/**
 * Hands claimed-but-unsent deliveries back: due now (or after their delay) instead of when the
 * claim ends, attempts untouched. Only rows whose `next_retry_at` is still the claimed one are touched.
 * The delay counts from this statement, not from the cycle's transaction (see recordOutcomes).
 */
export async function releaseLeases(db: DispatchDb, leases: Release[], delayMs = 0): Promise<number> {
  if (leases.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE webhook_deliveries d SET next_retry_at = statement_timestamp() + l.delay_ms * interval '1 millisecond'
       FROM unnest($1::uuid[], $2::text[], $3::int[]) AS l(id, lease, delay_ms)
      WHERE d.id = l.id AND d.next_retry_at IS NOT DISTINCT FROM l.lease::timestamp AND d.status IN ('pending', 'failed')`,
    [leases.map((l) => l.id), leases.map((l) => l.leaseToken), leases.map((l) => Math.round(l.delayMs ?? delayMs))],
  );
  return rowCount ?? 0;
}

import type { DispatchDb } from "./cycle-transaction";

/**
 * Hands claimed-but-unsent deliveries back: due now (or after `delayMs`) instead of when the
 * claim ends, attempts untouched. Only rows whose `next_retry_at` is still the claimed one are touched.
 * The delay counts from this statement, not from the cycle's transaction (see recordOutcomes).
 */
export async function releaseLeases(
  db: DispatchDb,
  leases: { id: string; leaseToken: string | null }[],
  delayMs = 0,
): Promise<number> {
  if (leases.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE webhook_deliveries d SET next_retry_at = statement_timestamp() + $3::int * interval '1 millisecond'
       FROM unnest($1::uuid[], $2::text[]) AS l(id, lease)
      WHERE d.id = l.id AND d.next_retry_at IS NOT DISTINCT FROM l.lease::timestamp AND d.status IN ('pending', 'failed')`,
    [leases.map((l) => l.id), leases.map((l) => l.leaseToken), delayMs],
  );
  return rowCount ?? 0;
}

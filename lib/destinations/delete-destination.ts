import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../validation/ids";
import { pool } from "../db/client";
import { withTransaction } from "../db/transaction";
import { NotFoundError } from "../errors";

/** How many deliveries a delete would take with it (the confirmation dialog states it). */
export async function countDestinationDeliveries(orgId: string, id: string): Promise<number> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  const { rows } = await pool().query<{ found: boolean; n: number }>(
    `SELECT EXISTS (SELECT 1 FROM webhook_destinations WHERE id = $1 AND org_id = $2) AS found,
            (SELECT count(*)::int FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id WHERE w.id = $1 AND w.org_id = $2) AS n`,
    [id, orgId],
  );
  if (!rows[0]?.found) throw new NotFoundError("Destination");
  return rows[0].n;
}

/**
 * Deletes a destination; its deliveries (and their attempts) cascade. Dead-letter rows have
 * no foreign keys by design and stay, their links then resolving to "no longer exists".
 * The delete and its audit entry commit together.
 */
export async function deleteDestination(
  orgId: string,
  id: string,
  actor: AuditActor,
): Promise<{ cascadedDeliveries: number }> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ name: string; n: number }>(
      `WITH gone AS (DELETE FROM webhook_destinations WHERE id = $1 AND org_id = $2 RETURNING id, name)
       SELECT gone.name, (SELECT count(*)::int FROM webhook_deliveries d WHERE d.destination_id = gone.id) AS n FROM gone`,
      [id, orgId],
    );
    // The count runs on the statement's snapshot, so it sees the deliveries the cascade removes.
    if (!rows[0]) throw new NotFoundError("Destination");
    await recordAudit(
      {
        orgId,
        actor,
        action: "destination.deleted",
        targetType: "destination",
        targetId: id,
        details: { name: rows[0].name, cascadedDeliveries: rows[0].n },
      },
      client,
    );
    return { cascadedDeliveries: rows[0].n };
  });
}

import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../validation/ids";
import { withTransaction } from "../db/transaction";
import { NotFoundError } from "../errors";

/**
 * Disabled destinations get no new deliveries at ingest; queued ones stay queued. The change
 * and its audit entry commit together; switching to the state it already has changes nothing
 * and is not audited.
 */
export async function setDestinationEnabled(
  orgId: string,
  id: string,
  enabled: boolean,
  actor: AuditActor,
): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ found: boolean; changed: boolean }>(
      `WITH target AS (
         SELECT id, enabled FROM webhook_destinations WHERE id = $1 AND org_id = $2 FOR NO KEY UPDATE
       ), changed AS (
         UPDATE webhook_destinations w SET enabled = $3, updated_at = now() FROM target WHERE w.id = target.id AND target.enabled <> $3 RETURNING w.id
       )
       SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed`,
      [id, orgId, enabled],
    );
    if (!rows[0]?.found) throw new NotFoundError("Destination");
    if (rows[0].changed)
      await recordAudit(
        {
          orgId,
          actor,
          action: enabled ? "destination.enabled" : "destination.disabled",
          targetType: "destination",
          targetId: id,
        },
        client,
      );
  });
}

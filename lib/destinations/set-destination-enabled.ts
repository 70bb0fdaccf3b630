import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../api/ids";
import { withTransaction } from "../db/transaction";
import { NotFoundError } from "../errors";

/** Disabled destinations get no new deliveries at ingest; queued ones stay queued. The change and its audit entry commit together. */
export async function setDestinationEnabled(orgId: string, id: string, enabled: boolean, actor: AuditActor): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  await withTransaction(async (client) => {
    const { rowCount } = await client.query("UPDATE webhook_destinations SET enabled = $3, updated_at = now() WHERE id = $1 AND org_id = $2", [id, orgId, enabled]);
    if (!rowCount) throw new NotFoundError("Destination");
    await recordAudit({ orgId, actor, action: enabled ? "destination.enabled" : "destination.disabled", targetType: "destination", targetId: id }, client);
  });
}

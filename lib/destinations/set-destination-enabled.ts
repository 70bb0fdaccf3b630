import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../api/ids";
import { pool } from "../db/client";
import { NotFoundError } from "../errors";

/** Disabled destinations get no new deliveries at ingest; queued ones stay queued. */
export async function setDestinationEnabled(orgId: string, id: string, enabled: boolean, actor: AuditActor): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  const { rowCount } = await pool().query("UPDATE webhook_destinations SET enabled = $3, updated_at = now() WHERE id = $1 AND org_id = $2", [id, orgId, enabled]);
  if (!rowCount) throw new NotFoundError("Destination");
  await recordAudit({ orgId, actor, action: enabled ? "destination.enabled" : "destination.disabled", targetType: "destination", targetId: id });
}

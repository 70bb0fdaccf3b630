import "server-only";
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
  await withTransaction(async (tx) => {
    // One UPDATE that only matches the other state: of two concurrent identical switches the
    // second waits on the row lock, re-reads the row, matches nothing and is not audited.
    const { count } = await tx.webhookDestination.updateMany({
      where: { id, orgId, enabled: !enabled },
      data: { enabled, updatedAt: new Date() },
    });
    if (count === 0) {
      if ((await tx.webhookDestination.count({ where: { id, orgId } })) === 0) throw new NotFoundError("Destination");
      return;
    }
    await recordAudit(
      {
        orgId,
        actor,
        action: enabled ? "destination.enabled" : "destination.disabled",
        targetType: "destination",
        targetId: id,
      },
      tx,
    );
  });
}

import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../validation/ids";
import { db } from "../db/client";
import { mapPrismaError } from "../db/prisma-errors";
import { withTransaction } from "../db/transaction";
import { NotFoundError } from "../errors";

/** How many deliveries a delete would take with it (the confirmation dialog states it). */
export async function countDestinationDeliveries(orgId: string, id: string): Promise<number> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  const destination = await db.webhookDestination.findFirst({
    where: { id, orgId },
    select: { _count: { select: { deliveries: true } } },
  });
  if (!destination) throw new NotFoundError("Destination");
  return destination._count.deliveries;
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
  return withTransaction(async (tx) => {
    // Prisma reads the selected name and delivery count, then deletes, in this transaction; the
    // delete waits for any ingest still inserting a delivery (its foreign key locks the row).
    const gone = await tx.webhookDestination
      .delete({ where: { id, orgId }, select: { name: true, _count: { select: { deliveries: true } } } })
      .catch((error: unknown) => {
        throw mapPrismaError(error, "Destination");
      });
    const cascadedDeliveries = gone._count.deliveries;
    await recordAudit(
      {
        orgId,
        actor,
        action: "destination.deleted",
        targetType: "destination",
        targetId: id,
        details: { name: gone.name, cascadedDeliveries },
      },
      tx,
    );
    return { cascadedDeliveries };
  });
}

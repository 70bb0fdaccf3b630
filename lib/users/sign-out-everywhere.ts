import { recordAudit, type AuditActor } from "../audit/record-audit";
import { withTransaction } from "../db/transaction";
import { NotFoundError } from "../errors";

/**
 * Ends every session of the user — this browser's included — by bumping their session version:
 * tokens issued before are refused on their next request, wherever they are.
 */
export async function signOutEverywhere(orgId: string, userId: string, actor: AuditActor): Promise<void> {
  await withTransaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, orgId },
      data: { sessionVersion: { increment: 1 }, updatedAt: new Date() },
    });
    if (count === 0) throw new NotFoundError("User");
    await recordAudit({ orgId, actor, action: "user.signed_out_everywhere", targetType: "user", targetId: userId }, tx);
  });
}

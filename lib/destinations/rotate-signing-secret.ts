import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../validation/ids";
import { encryptSecret } from "../crypto/secret-box";
import { lockEncryptionKey } from "../crypto/verify-encryption-key";
import { generateSigningSecret } from "../crypto/tokens";
import { Prisma } from "../db/generated/prisma/client";
import { withTransaction } from "../db/transaction";
import { NotFoundError } from "../errors";

export const PREVIOUS_SECRET_TTL_HOURS = 24;

/**
 * New signing secret; the old one moves to destination_previous_secrets and keeps signing
 * alongside for 24 h so receivers can switch without rejecting deliveries. The row lock taken
 * first orders concurrent rotations: each moves the secret the one before it stored. The audit
 * entry commits with it.
 */
export async function rotateSigningSecret(
  orgId: string,
  id: string,
  actor: AuditActor,
): Promise<{ signingSecret: string }> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  const signingSecret = generateSigningSecret();
  await withTransaction(async (tx) => {
    await lockEncryptionKey(tx);
    // Raw: the row lock (FOR UPDATE) orders concurrent rotations, which Prisma's query API
    // cannot take; the expiry comes from the database's clock, like every expires_at > now().
    const [old] = await tx.$queryRaw<{ signing_secret: string; expires_at: Date }[]>(Prisma.sql`
      SELECT signing_secret, now() + make_interval(hours => ${PREVIOUS_SECRET_TTL_HOURS}::int) AS expires_at
        FROM webhook_destinations WHERE id = ${id}::uuid AND org_id = ${orgId}::uuid FOR UPDATE`);
    if (!old) throw new NotFoundError("Destination");
    await tx.webhookDestination.update({
      where: { id },
      data: { signingSecret: encryptSecret(signingSecret, "signing_secret"), updatedAt: new Date() },
      select: { id: true },
    });
    const previous = { signingSecret: old.signing_secret, expiresAt: old.expires_at };
    await tx.destinationPreviousSecret.upsert({
      where: { destinationId: id },
      create: { destinationId: id, ...previous },
      update: previous,
      select: { destinationId: true },
    });
    await recordAudit(
      { orgId, actor, action: "destination.secret_rotated", targetType: "destination", targetId: id },
      tx,
    );
  });
  return { signingSecret };
}

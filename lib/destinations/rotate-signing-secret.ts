import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../validation/ids";
import { encryptSecret } from "../crypto/secret-box";
import { lockEncryptionKey } from "../crypto/verify-encryption-key";
import { generateSigningSecret } from "../crypto/tokens";
import { withTransaction } from "../db/transaction";
import { NotFoundError } from "../errors";

export const PREVIOUS_SECRET_TTL_HOURS = 24;

/**
 * New signing secret; the old one moves to destination_previous_secrets and keeps signing
 * alongside for 24 h so receivers can switch without rejecting deliveries. One statement:
 * the row lock taken by the UPDATE orders concurrent rotations, and the CTE reads the
 * pre-update secret from the statement's snapshot. The audit entry commits with it.
 */
export async function rotateSigningSecret(
  orgId: string,
  id: string,
  actor: AuditActor,
): Promise<{ signingSecret: string }> {
  if (!isUuid(id)) throw new NotFoundError("Destination");
  const signingSecret = generateSigningSecret();
  await withTransaction(async (client) => {
    await lockEncryptionKey(client);
    const { rows } = await client.query<{ id: string }>(
      `WITH old AS (
         SELECT id, signing_secret FROM webhook_destinations WHERE id = $1 AND org_id = $2 FOR UPDATE
       ), updated AS (
         UPDATE webhook_destinations w SET signing_secret = $3, updated_at = now() FROM old WHERE w.id = old.id RETURNING w.id
       ), kept AS (
         INSERT INTO destination_previous_secrets (destination_id, signing_secret, expires_at)
         SELECT old.id, old.signing_secret, now() + make_interval(hours => $4) FROM old
         ON CONFLICT (destination_id) DO UPDATE SET signing_secret = EXCLUDED.signing_secret, expires_at = EXCLUDED.expires_at
         RETURNING destination_id
       )
       SELECT id FROM updated`,
      [id, orgId, encryptSecret(signingSecret, "signing_secret"), PREVIOUS_SECRET_TTL_HOURS],
    );
    if (!rows[0]) throw new NotFoundError("Destination");
    await recordAudit(
      { orgId, actor, action: "destination.secret_rotated", targetType: "destination", targetId: id },
      client,
    );
  });
  return { signingSecret };
}

import { recordAudit, type AuditActor } from "../audit/record-audit";
import { decryptSecret } from "../crypto/secret-box";
import { assertEncryptionKey } from "../crypto/verify-encryption-key";
import { loadDestinationRow } from "./get-destination";
import { pool } from "../db/client";

/**
 * The plaintext signing secret (and the previous one while it still signs). An explicit,
 * audit-logged admin action; callers check the `revealSecrets` capability.
 */
export async function revealSigningSecret(
  orgId: string,
  id: string,
  actor: AuditActor,
): Promise<{ signingSecret: string; previous: { signingSecret: string; expiresAt: Date } | null }> {
  const row = await loadDestinationRow(orgId, id);
  // A process on another key would fail to decrypt: say why (503) instead of a generic error.
  await assertEncryptionKey();
  const { rows } = await pool().query<{ signing_secret: string; expires_at: Date }>(
    "SELECT signing_secret, expires_at FROM destination_previous_secrets WHERE destination_id = $1 AND expires_at > now()",
    [id],
  );
  await recordAudit({ orgId, actor, action: "destination.secret_revealed", targetType: "destination", targetId: id });
  const previous = rows[0]
    ? { signingSecret: decryptSecret(rows[0].signing_secret, "signing_secret"), expiresAt: rows[0].expires_at }
    : null;
  return { signingSecret: decryptSecret(row.signing_secret, "signing_secret"), previous };
}

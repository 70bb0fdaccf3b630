import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { decryptSecret } from "../crypto/secret-box";
import { assertEncryptionKey } from "../crypto/verify-encryption-key";
import { loadDestinationRow } from "./get-destination";
import { db } from "../db/client";

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
  const stored = await db.destinationPreviousSecret.findFirst({
    where: { destinationId: id, expiresAt: { gt: new Date() } },
    select: { signingSecret: true, expiresAt: true },
  });
  await recordAudit({ orgId, actor, action: "destination.secret_revealed", targetType: "destination", targetId: id });
  const previous = stored
    ? { signingSecret: decryptSecret(stored.signingSecret, "signing_secret"), expiresAt: stored.expiresAt }
    : null;
  return { signingSecret: decryptSecret(row.signingSecret, "signing_secret"), previous };
}

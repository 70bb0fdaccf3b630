import { recordAudit, type AuditActor } from "../audit/record-audit";
import { encryptSecret } from "../crypto/secret-box";
import { lockEncryptionKey } from "../crypto/verify-encryption-key";
import { generateSigningSecret } from "../crypto/tokens";
import { withTransaction } from "../db/transaction";
import { destinationInputSchema } from "./destination-input";
import { getDestination } from "./get-destination";
import type { DestinationView } from "./destination-view";
import { storedAuthConfig } from "./stored-auth-config";
import { assertUrlAllowedForSave, parseDestinationInput } from "./validate-destination";

/**
 * Validates (schema, then the address guard with DNS) and stores a destination with a fresh
 * `whsec_` signing secret. The plaintext secret is returned this once; only its encrypted
 * form is stored. `input` is checked with destinationInputSchema (a ValidationError lists
 * the fields). The row and its audit entry commit together: a failing audit insert stores
 * no destination.
 */
export async function createDestination(
  orgId: string,
  input: unknown,
  actor: AuditActor,
): Promise<{ destination: DestinationView; signingSecret: string }> {
  const values = parseDestinationInput(destinationInputSchema, input);
  await assertUrlAllowedForSave(values.url);
  const signingSecret = generateSigningSecret();
  const id = await withTransaction(async (client) => {
    await lockEncryptionKey(client);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO webhook_destinations (org_id, name, url, auth_type, auth_config, event_types, event_filter, enabled, batch_size, timeout_ms, retry_max, retry_backoff_ms, signing_secret, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        orgId,
        values.name,
        values.url,
        values.auth.type,
        storedAuthConfig(values.auth),
        values.eventTypes,
        values.eventFilter === null ? null : JSON.stringify(values.eventFilter),
        values.enabled,
        values.batchSize,
        values.timeoutMs,
        values.retryMax,
        values.retryBackoffMs,
        encryptSecret(signingSecret, "signing_secret"),
        actor.userId,
      ],
    );
    const created = rows[0]!.id;
    await recordAudit(
      {
        orgId,
        actor,
        action: "destination.created",
        targetType: "destination",
        targetId: created,
        details: {
          name: values.name,
          url: values.url,
          authType: values.auth.type,
          eventTypes: values.eventTypes,
          enabled: values.enabled,
        },
      },
      client,
    );
    return created;
  });
  return { destination: await getDestination(orgId, id), signingSecret };
}

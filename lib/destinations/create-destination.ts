import { recordAudit, type AuditActor } from "../audit/record-audit";
import { lockEncryptionKey } from "../crypto/verify-encryption-key";
import { generateSigningSecret } from "../crypto/tokens";
import { withTransaction } from "../db/transaction";
import { destinationInputSchema } from "./destination-input";
import { getDestination } from "./get-destination";
import type { DestinationView } from "./destination-view";
import { insertDestination } from "./insert-destination";
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
  const id = await withTransaction(async (tx) => {
    await lockEncryptionKey(tx);
    const created = await insertDestination(tx, orgId, values, { signingSecret, createdBy: actor.userId });
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
      tx,
    );
    return created;
  });
  return { destination: await getDestination(orgId, id), signingSecret };
}

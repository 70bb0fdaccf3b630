import { encryptSecret } from "../crypto/secret-box";
import type { Tx } from "../db/transaction";
import type { DestinationValues } from "./destination-input";
import { jsonColumn } from "./json-column";
import { storedAuthConfig } from "./stored-auth-config";
import { writeEventFilter } from "./write-event-filter";

/**
 * Stores a destination as given: credentials and the signing secret encrypted, the event filter
 * kept exactly. No validation, key check or audit: createDestination does those for users and
 * API clients; the demo seed and test fixtures store their own trusted values through this.
 */
export async function insertDestination(
  tx: Tx,
  orgId: string,
  values: DestinationValues,
  stored: { signingSecret: string; createdBy?: string | null },
): Promise<string> {
  const { id } = await tx.webhookDestination.create({
    data: {
      orgId,
      name: values.name,
      url: values.url,
      authType: values.auth.type,
      authConfig: jsonColumn(storedAuthConfig(values.auth)),
      eventTypes: values.eventTypes,
      enabled: values.enabled,
      batchSize: values.batchSize,
      timeoutMs: values.timeoutMs,
      retryMax: values.retryMax,
      retryBackoffMs: values.retryBackoffMs,
      signingSecret: encryptSecret(stored.signingSecret, "signing_secret"),
      createdBy: stored.createdBy ?? null,
    },
    select: { id: true },
  });
  if (values.eventFilter !== null) await writeEventFilter(tx, id, values.eventFilter);
  return id;
}

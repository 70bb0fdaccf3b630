import { apiKeyPrefix, generateApiKey, hashApiKey } from "../crypto/tokens";
import type { Tx } from "../db/transaction";
import { API_KEY_ROW_SELECT, toApiKeyRow, type ApiKeyRow } from "./api-key-row";
import type { ApiKeyScope } from "./api-key-scopes";

export interface NewApiKey {
  orgId: string;
  name: string;
  scopes: readonly ApiKeyScope[];
  createdBy?: string | null;
  /** The key itself (the seed's SEED_API_KEY); generated when absent. Only its hash and prefix are stored. */
  plaintext?: string;
}

/**
 * Stores an API key. No validation or audit: createApiKey does those for admins; the demo seed
 * and test fixtures store their own trusted values through this.
 */
export async function insertApiKey(tx: Tx, key: NewApiKey): Promise<{ key: ApiKeyRow; plaintext: string }> {
  const plaintext = key.plaintext ?? generateApiKey();
  const row = await tx.apiKey.create({
    data: {
      orgId: key.orgId,
      name: key.name,
      prefix: apiKeyPrefix(plaintext),
      keyHash: hashApiKey(plaintext),
      createdBy: key.createdBy ?? null,
      scopes: [...key.scopes],
    },
    select: API_KEY_ROW_SELECT,
  });
  return { key: toApiKeyRow(row), plaintext };
}

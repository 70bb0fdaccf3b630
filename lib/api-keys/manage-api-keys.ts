import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../validation/ids";
import { db } from "../db/client";
import { withTransaction } from "../db/transaction";
import { NotFoundError, ValidationError } from "../errors";
import { zodFieldErrors } from "../validation/field-errors";
import { createApiKeySchema } from "./api-key-input";
import { API_KEY_ROW_SELECT, toApiKeyRow, type ApiKeyRow } from "./api-key-row";
import { insertApiKey } from "./insert-api-key";

export type { ApiKeyRow } from "./api-key-row";

/** The org's API keys (active first); the key itself is never stored, only its hash and prefix. */
export async function listApiKeys(orgId: string): Promise<ApiKeyRow[]> {
  const keys = await db.apiKey.findMany({
    where: { orgId },
    select: API_KEY_ROW_SELECT,
    orderBy: { createdAt: "desc" },
  });
  // Active keys first, each group newest first (a stable sort keeps createdAt's order inside a group).
  return keys.map(toApiKeyRow).sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
}

/** A new `hk_` key with the scopes chosen (default `ingest`); the plaintext is returned this once. */
export async function createApiKey(
  orgId: string,
  input: unknown,
  actor: AuditActor,
): Promise<{ key: ApiKeyRow; plaintext: string }> {
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Some fields are not valid", zodFieldErrors(parsed.error));
  const { key, plaintext } = await withTransaction(async (tx) => {
    const created = await insertApiKey(tx, {
      orgId,
      name: parsed.data.name,
      scopes: parsed.data.scopes,
      createdBy: actor.userId,
    });
    await recordAudit(
      {
        orgId,
        actor,
        action: "api_key.created",
        targetType: "api_key",
        targetId: created.key.id,
        details: { name: created.key.name, prefix: created.key.prefix, scopes: created.key.scopes },
      },
      tx,
    );
    return created;
  });
  return { key, plaintext };
}

/** Revoked keys stop authenticating at once; the row stays for the audit trail. */
export async function revokeApiKey(orgId: string, keyId: string, actor: AuditActor): Promise<void> {
  if (!isUuid(keyId)) throw new NotFoundError("API key");
  await withTransaction(async (tx) => {
    // Only a key not yet revoked changes (and is audited); of two concurrent revocations the
    // second waits on the row lock, re-reads it, matches nothing and records nothing.
    const { count } = await tx.apiKey.updateMany({
      where: { id: keyId, orgId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const key = await tx.apiKey.findFirst({ where: { id: keyId, orgId }, select: { name: true, prefix: true } });
    if (!key) throw new NotFoundError("API key");
    if (count > 0)
      await recordAudit(
        {
          orgId,
          actor,
          action: "api_key.revoked",
          targetType: "api_key",
          targetId: keyId,
          details: { name: key.name, prefix: key.prefix },
        },
        tx,
      );
  });
}

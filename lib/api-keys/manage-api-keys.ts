import { recordAudit, type AuditActor } from "../audit/record-audit";
import { isUuid } from "../validation/ids";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "../crypto/tokens";
import { pool } from "../db/client";
import { NotFoundError, ValidationError } from "../errors";
import { zodFieldErrors } from "../validation/field-errors";
import { createApiKeySchema } from "./api-key-input";
import type { ApiKeyScope } from "./api-key-scopes";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  /** What the key may call: `ingest` (POST /api/v1/events), `manage` (the management API). */
  scopes: ApiKeyScope[];
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = "k.id, k.name, k.prefix, k.scopes, k.created_at, k.last_used_at, k.revoked_at, u.email AS created_by";

function toRow(r: Record<string, unknown>): ApiKeyRow {
  return {
    id: r.id as string,
    name: r.name as string,
    prefix: r.prefix as string,
    scopes: r.scopes as ApiKeyScope[],
    createdAt: r.created_at as Date,
    createdBy: (r.created_by as string | null) ?? null,
    lastUsedAt: (r.last_used_at as Date | null) ?? null,
    revokedAt: (r.revoked_at as Date | null) ?? null,
  };
}

/** The org's API keys (active first); the key itself is never stored, only its hash and prefix. */
export async function listApiKeys(orgId: string): Promise<ApiKeyRow[]> {
  const { rows } = await pool().query(
    `SELECT ${COLUMNS} FROM api_keys k LEFT JOIN users u ON u.id = k.created_by WHERE k.org_id = $1 ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC`,
    [orgId],
  );
  return rows.map(toRow);
}

/** A new `hk_` key with the scopes chosen (default `ingest`); the plaintext is returned this once. */
export async function createApiKey(
  orgId: string,
  input: unknown,
  actor: AuditActor,
): Promise<{ key: ApiKeyRow; plaintext: string }> {
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Some fields are not valid", zodFieldErrors(parsed.error));
  const plaintext = generateApiKey();
  const { rows } = await pool().query(
    `WITH k AS (INSERT INTO api_keys (org_id, name, prefix, key_hash, created_by, scopes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
     SELECT ${COLUMNS} FROM k LEFT JOIN users u ON u.id = k.created_by`,
    [orgId, parsed.data.name, apiKeyPrefix(plaintext), hashApiKey(plaintext), actor.userId, parsed.data.scopes],
  );
  const key = toRow(rows[0]);
  await recordAudit({
    orgId,
    actor,
    action: "api_key.created",
    targetType: "api_key",
    targetId: key.id,
    details: { name: key.name, prefix: key.prefix, scopes: key.scopes },
  });
  return { key, plaintext };
}

/** Revoked keys stop authenticating at once; the row stays for the audit trail. */
export async function revokeApiKey(orgId: string, keyId: string, actor: AuditActor): Promise<void> {
  if (!isUuid(keyId)) throw new NotFoundError("API key");
  const { rows } = await pool().query<{ name: string; prefix: string; was_revoked: boolean }>(
    `UPDATE api_keys k SET revoked_at = coalesce(k.revoked_at, now())
       FROM (SELECT id, revoked_at IS NOT NULL AS was_revoked FROM api_keys WHERE id = $1 AND org_id = $2 FOR UPDATE) before
      WHERE k.id = before.id RETURNING k.name, k.prefix, before.was_revoked`,
    [keyId, orgId],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError("API key");
  if (!row.was_revoked)
    await recordAudit({
      orgId,
      actor,
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: keyId,
      details: { name: row.name, prefix: row.prefix },
    });
}

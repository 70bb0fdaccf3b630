import type { ApiKeyScope } from "../api-keys/api-key-scopes";
import type { AuditActor } from "../audit/record-audit";
import { hashApiKey } from "../crypto/tokens";
import { pool } from "../db/client";
import { UnauthorizedError } from "../errors";

/**
 * Who is calling the API: one org's key. Within its org a key may do what its scopes allow
 * (requireApiScope), with admin rights there.
 */
export interface ApiPrincipal {
  apiKeyId: string;
  orgId: string;
  prefix: string;
  scopes: readonly ApiKeyScope[];
  actor: AuditActor;
}

// last_used_at is informational; writing it on every request would turn each ingest call into
// an extra row update on one hot row, so it is refreshed at most once a minute per key.
const LAST_USED_RESOLUTION_MS = 60_000;

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export async function authenticateApiKey(request: Request): Promise<ApiPrincipal> {
  const token = bearerToken(request);
  if (!token) throw new UnauthorizedError("Send an API key as 'Authorization: Bearer <key>'");
  // The key is high-entropy random, so an indexed SHA-256 lookup is the comparison; no
  // per-character compare of secrets happens in application code.
  // Named: prepared once per pooled connection, as this runs on every API call.
  const { rows } = await pool().query<{
    id: string;
    org_id: string;
    prefix: string;
    scopes: ApiKeyScope[];
    revoked_at: Date | null;
    last_used_at: Date | null;
  }>({
    name: "hookline-api-key-lookup",
    text: "SELECT id, org_id, prefix, scopes, revoked_at, last_used_at FROM api_keys WHERE key_hash = $1",
    values: [hashApiKey(token)],
  });
  const key = rows[0];
  if (!key || key.revoked_at) throw new UnauthorizedError("Invalid or revoked API key");
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await pool().query(
      "UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
      [key.id],
    );
  }
  return {
    apiKeyId: key.id,
    orgId: key.org_id,
    prefix: key.prefix,
    scopes: key.scopes,
    actor: { userId: null, label: `API key ${key.prefix}…` },
  };
}

import type { ApiKeyScope } from "../api-keys/api-key-scopes";
import type { AuditActor } from "../audit/record-audit";
import { hashApiKey } from "../crypto/tokens";
import { db } from "../db/client";
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
  // The key is high-entropy random, so an indexed SHA-256 lookup (key_hash is unique) is the
  // comparison; no per-character compare of secrets happens in application code.
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(token) },
    select: { id: true, orgId: true, prefix: true, scopes: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) throw new UnauthorizedError("Invalid or revoked API key");
  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Conditional, so that concurrent requests of one key write the row once per minute.
    const staleBefore = new Date(now - LAST_USED_RESOLUTION_MS);
    await db.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: new Date(now) },
    });
  }
  return {
    apiKeyId: key.id,
    orgId: key.orgId,
    prefix: key.prefix,
    // scopes is CHECKed in the migration to hold only the known scopes.
    scopes: key.scopes as ApiKeyScope[],
    actor: { userId: null, label: `API key ${key.prefix}…` },
  };
}

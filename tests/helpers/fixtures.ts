import { randomBytes } from "node:crypto";
import type pg from "pg";
import { hashPassword } from "../../lib/auth/password";
import { encryptSecret } from "../../lib/crypto/secret-box";
import type { DestinationAuth } from "../../lib/destinations/destination-input";
import { storedAuthConfig } from "../../lib/destinations/stored-auth-config";
import { apiKeyPrefix, generateApiKey, generateSigningSecret, hashApiKey } from "../../lib/crypto/tokens";
import type { Role } from "../../lib/auth/roles";
import type { ApiKeyScope } from "../../lib/api-keys/api-key-scopes";

const suffix = () => randomBytes(4).toString("hex");

export async function createOrg(pool: pg.Pool, name = `Org ${suffix()}`): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id",
    [name, `org-${suffix()}`],
  );
  return rows[0]!.id;
}

export async function createUser(
  pool: pg.Pool,
  orgId: string,
  role: Role,
  password = "correct horse battery",
): Promise<{ id: string; email: string; password: string }> {
  const email = `${role}-${suffix()}@test.example`;
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO users (org_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [orgId, email, `${role} user`, role, await hashPassword(password)],
  );
  return { id: rows[0]!.id, email, password };
}

/** An API key of the org with `scopes` (the column's default, `ingest`, unless told). */
export async function createApiKey(
  pool: pg.Pool,
  orgId: string,
  scopes: readonly ApiKeyScope[] = ["ingest"],
): Promise<string> {
  const key = generateApiKey();
  await pool.query("INSERT INTO api_keys (org_id, name, prefix, key_hash, scopes) VALUES ($1, 'test', $2, $3, $4)", [
    orgId,
    apiKeyPrefix(key),
    hashApiKey(key),
    scopes,
  ]);
  return key;
}

export interface DestinationInput {
  url: string;
  name?: string;
  authType?: "none" | "basic" | "bearer" | "header";
  /** Plain values; secret fields are encrypted the way the app stores them. */
  authConfig?: Record<string, string> | null;
  eventTypes?: string[];
  eventFilter?: unknown;
  enabled?: boolean;
  batchSize?: number;
  timeoutMs?: number;
  retryMax?: number;
  retryBackoffMs?: number;
  signingSecret?: string;
}

export async function createDestination(
  pool: pg.Pool,
  orgId: string,
  input: DestinationInput,
): Promise<{ id: string; signingSecret: string }> {
  const signingSecret = input.signingSecret ?? generateSigningSecret();
  const authConfig = storedAuthConfig({ type: input.authType ?? "none", ...input.authConfig } as DestinationAuth);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO webhook_destinations (org_id, name, url, auth_type, auth_config, event_types, event_filter, enabled, batch_size,
      timeout_ms, retry_max, retry_backoff_ms, signing_secret)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      orgId,
      input.name ?? `Destination ${suffix()}`,
      input.url,
      input.authType ?? "none",
      authConfig,
      input.eventTypes ?? [],
      input.eventFilter === undefined ? null : JSON.stringify(input.eventFilter),
      input.enabled ?? true,
      input.batchSize ?? 1,
      input.timeoutMs ?? 2000,
      input.retryMax ?? 3,
      input.retryBackoffMs ?? 10,
      encryptSecret(signingSecret, "signing_secret"),
    ],
  );
  return { id: rows[0]!.id, signingSecret };
}

export async function createLog(
  pool: pg.Pool,
  orgId: string,
  eventType = "user.login",
  payload: unknown = {},
): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO activity_logs (org_id, event_type, payload) VALUES ($1, $2, $3) RETURNING id",
    [orgId, eventType, JSON.stringify(payload)],
  );
  return rows[0]!.id;
}

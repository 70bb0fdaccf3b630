import { decryptSecret, isEncrypted, maskSecret, type SecretColumn } from "../crypto/secret-box";
import type { AuthType } from "./destination-input";

/** Auth as the dashboard and the API show it: plain names, secrets masked. */
export type MaskedAuth =
  | { type: "none" }
  | { type: "basic"; username: string; passwordMasked: string }
  | { type: "bearer"; tokenMasked: string }
  | { type: "header"; name: string; valueMasked: string };

/** A destination without any usable secret in it. */
export interface DestinationView {
  id: string;
  name: string;
  url: string;
  authType: AuthType;
  auth: MaskedAuth;
  eventTypes: string[];
  eventFilter: Record<string, unknown> | null;
  enabled: boolean;
  batchSize: number;
  timeoutMs: number;
  retryMax: number;
  retryBackoffMs: number;
  /** `whsec_••••••••abcd` — enough to recognise, not to use. */
  signingSecretMasked: string;
  /** Set while the secret replaced by the last rotation still signs (24 h). */
  previousSecretExpiresAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DestinationRow {
  id: string;
  org_id: string;
  name: string;
  url: string;
  auth_type: AuthType;
  auth_config: Record<string, unknown> | null;
  event_types: string[];
  event_filter: Record<string, unknown> | null;
  enabled: boolean;
  batch_size: number;
  timeout_ms: number;
  retry_max: number;
  retry_backoff_ms: number;
  signing_secret: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  previous_secret_expires_at: Date | null;
}

export const DESTINATION_COLUMNS = `w.id, w.org_id, w.name, w.url, w.auth_type, w.auth_config, w.event_types, w.event_filter, w.enabled,
  w.batch_size, w.timeout_ms, w.retry_max, w.retry_backoff_ms, w.signing_secret, w.created_by, w.created_at, w.updated_at,
  ps.expires_at AS previous_secret_expires_at`;

export const DESTINATION_FROM = `webhook_destinations w
  LEFT JOIN destination_previous_secrets ps ON ps.destination_id = w.id AND ps.expires_at > now()`;

/** Decrypts a stored secret; a value that cannot be decrypted (another key) is reported as such, not thrown. */
export function plainSecret(stored: unknown, column: SecretColumn): string | null {
  if (typeof stored !== "string" || stored === "") return null;
  if (!isEncrypted(stored)) return stored;
  try {
    return decryptSecret(stored, column);
  } catch {
    return null;
  }
}

// Auth secrets are often short (a password, a 20-character token); maskSecret's first-six +
// last-four would give away half of one. These show at most the last four, and only of long values.
export function maskAuthSecret(stored: unknown, column: SecretColumn): string {
  const plain = plainSecret(stored, column);
  if (!plain) return "••••••••";
  return plain.length >= 16 ? `••••••••${plain.slice(-4)}` : "••••••••";
}

export function maskedAuth(type: AuthType, config: Record<string, unknown> | null): MaskedAuth {
  const str = (key: string) => (typeof config?.[key] === "string" ? (config[key] as string) : "");
  switch (type) {
    case "basic":
      return {
        type,
        username: str("username"),
        passwordMasked: maskAuthSecret(config?.password, "auth_config.password"),
      };
    case "bearer":
      return { type, tokenMasked: maskAuthSecret(config?.token, "auth_config.token") };
    case "header":
      return { type, name: str("name"), valueMasked: maskAuthSecret(config?.value, "auth_config.value") };
    default:
      return { type: "none" };
  }
}

export function toDestinationView(row: DestinationRow): DestinationView {
  const secret = plainSecret(row.signing_secret, "signing_secret");
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    authType: row.auth_type,
    auth: maskedAuth(row.auth_type, row.auth_config),
    eventTypes: row.event_types,
    eventFilter: row.event_filter,
    enabled: row.enabled,
    batchSize: row.batch_size,
    timeoutMs: row.timeout_ms,
    retryMax: row.retry_max,
    retryBackoffMs: row.retry_backoff_ms,
    signingSecretMasked: secret ? maskSecret(secret) : "••••••••",
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

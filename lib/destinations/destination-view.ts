import { decryptSecret, isEncrypted, maskSecret, type SecretColumn } from "../crypto/secret-box";
import type { Prisma } from "../db/generated/prisma/client";
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

/** What a DestinationView is made from; select it with `select: DESTINATION_SELECT`. */
export const DESTINATION_SELECT = {
  id: true,
  orgId: true,
  name: true,
  url: true,
  authType: true,
  authConfig: true,
  eventTypes: true,
  eventFilter: true,
  enabled: true,
  batchSize: true,
  timeoutMs: true,
  retryMax: true,
  retryBackoffMs: true,
  signingSecret: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
  previousSecret: { select: { expiresAt: true } },
} as const satisfies Prisma.WebhookDestinationSelect;

/** The stored row of a destination, secrets still encrypted. */
export type DestinationRow = Prisma.WebhookDestinationGetPayload<{ select: typeof DESTINATION_SELECT }>;

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

/** auth_type is CHECKed in the migration to be one of the auth types. */
export function authTypeOf(row: Pick<DestinationRow, "authType">): AuthType {
  return row.authType as AuthType;
}

/** auth_config is a JSON object (storedAuthConfig) or NULL. */
export function authConfigOf(row: Pick<DestinationRow, "authConfig">): Record<string, unknown> | null {
  return (row.authConfig as Record<string, unknown> | null) ?? null;
}

export function toDestinationView(row: DestinationRow, now = new Date()): DestinationView {
  const secret = plainSecret(row.signingSecret, "signing_secret");
  const previousExpiresAt = row.previousSecret?.expiresAt ?? null;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    authType: authTypeOf(row),
    auth: maskedAuth(authTypeOf(row), authConfigOf(row)),
    eventTypes: row.eventTypes,
    eventFilter: (row.eventFilter as Record<string, unknown> | null) ?? null,
    enabled: row.enabled,
    batchSize: row.batchSize,
    timeoutMs: row.timeoutMs,
    retryMax: row.retryMax,
    retryBackoffMs: row.retryBackoffMs,
    signingSecretMasked: secret ? maskSecret(secret) : "••••••••",
    // Kept until it expires; an expired row (not yet purged) no longer signs.
    previousSecretExpiresAt: previousExpiresAt && previousExpiresAt > now ? previousExpiresAt : null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

import { decryptSecret, isEncrypted } from "../crypto/secret-box";
import type { DestinationForSend } from "./claimed-delivery";
import { createWebhookSigner, type WebhookSigner } from "./webhook-signer";

/** A destination's secrets, decrypted once per cycle rather than once per request. */
export interface DestinationCredentials {
  /** The current secret first, then the previous one while a rotation's 24 h last. */
  signers: WebhookSigner[];
  /** Auth headers to send (secret values inside). */
  authHeaders: Record<string, string>;
  /** Lower-case names of headers that carry a secret and must never be stored. */
  secretHeaderNames: string[];
}

function secretField(config: Record<string, unknown> | null, field: "password" | "token" | "value"): string {
  const value = config?.[field];
  if (typeof value !== "string" || value === "") throw new Error(`auth_config.${field} is missing`);
  // Secret fields are stored encrypted; a plain value (hand-edited row) is used as it is.
  return isEncrypted(value) ? decryptSecret(value, `auth_config.${field}`) : value;
}

function plainField(config: Record<string, unknown> | null, field: string): string {
  const value = config?.[field];
  if (typeof value !== "string") throw new Error(`auth_config.${field} is missing`);
  return value;
}

export function authHeadersFor(destination: Pick<DestinationForSend, "authType" | "authConfig">): {
  headers: Record<string, string>;
  secretHeaderNames: string[];
} {
  const config = destination.authConfig;
  switch (destination.authType) {
    case "basic": {
      const token = Buffer.from(`${plainField(config, "username")}:${secretField(config, "password")}`).toString(
        "base64",
      );
      return { headers: { authorization: `Basic ${token}` }, secretHeaderNames: ["authorization"] };
    }
    case "bearer":
      return {
        headers: { authorization: `Bearer ${secretField(config, "token")}` },
        secretHeaderNames: ["authorization"],
      };
    case "header": {
      const name = plainField(config, "name").toLowerCase();
      return { headers: { [name]: secretField(config, "value") }, secretHeaderNames: [name] };
    }
    default:
      return { headers: {}, secretHeaderNames: [] };
  }
}

// Decrypted credentials by everything they are derived from: the stored (encrypted) values and
// the key. Decrypting costs ~30 µs a secret (AES-GCM setup), paid per destination on every
// cycle before; a changed secret, auth setting or key is a different entry, so nothing stale is
// ever used. Bounded: entries of edited or deleted destinations are dropped with the rest when
// it fills. (The plaintexts were in memory for every cycle anyway; the process holds the key.)
const credentialsCache = new Map<string, DestinationCredentials>();
const CREDENTIALS_CACHE_SIZE = 1000;

function cacheKey(destination: DestinationForSend): string {
  return JSON.stringify([
    process.env.APP_ENCRYPTION_KEY ?? "",
    destination.signingSecret,
    destination.previousSigningSecret,
    destination.authType,
    destination.authConfig,
  ]);
}

/** The destination's secrets, decrypted (from the cache when its stored values and the key are unchanged). */
export function loadDestinationCredentials(destination: DestinationForSend): DestinationCredentials {
  const key = cacheKey(destination);
  let credentials = credentialsCache.get(key);
  if (!credentials) {
    credentials = decryptCredentials(destination);
    if (credentialsCache.size >= CREDENTIALS_CACHE_SIZE) credentialsCache.clear();
    credentialsCache.set(key, credentials);
  }
  return credentials;
}

function decryptCredentials(destination: DestinationForSend): DestinationCredentials {
  const secrets = [destination.signingSecret, destination.previousSigningSecret]
    .filter((s): s is string => Boolean(s))
    .map((s) => decryptSecret(s, "signing_secret"));
  const auth = authHeadersFor(destination);
  return {
    signers: secrets.map(createWebhookSigner),
    authHeaders: auth.headers,
    secretHeaderNames: auth.secretHeaderNames,
  };
}

/**
 * Standard Webhooks signature header: one `v1,<base64>` per secret, space-separated, so during
 * a rotation receivers holding either the old or the new secret can verify.
 */
export function signatureHeader(signers: WebhookSigner[], messageId: string, timestamp: Date, body: string): string {
  return signers.map((signer) => signer.sign(messageId, timestamp, body)).join(" ");
}

import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";

// Versioned so the key or the cipher can change later without guessing what a value is.
// v1 (before column binding) stays readable; everything written now is v2.
const V1 = "enc:v1:";
const V2 = "enc:v2:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Where a secret is stored. Each ciphertext is bound to its place as GCM associated data, so a
 * value copied into another column (a bearer token pasted over a signing secret, say) fails to
 * decrypt instead of being used there. The signing secret's current and previous columns share
 * one name: a rotation moves the ciphertext from one to the other as it is.
 * Not bound to the row: moving a value between destinations takes write access to the table,
 * and whoever has that can already point a destination's URL at a host of theirs and receive
 * its credentials with the next delivery; binding the id would add churn and no protection.
 */
export type SecretColumn = "signing_secret" | "auth_config.password" | "auth_config.token" | "auth_config.value";

/**
 * The key as the environment gives it. `raw` is passed explicitly only by the re-encryption
 * (lib/crypto/reencrypt-secrets.ts), which reads with the old key and writes with the new one.
 */
function key(raw: string | undefined = process.env.APP_ENCRYPTION_KEY): Buffer {
  if (!raw)
    throw new Error(
      "APP_ENCRYPTION_KEY is not set: give this process the app's key (only npm start with the embedded database generates one)",
    );
  const decoded = Buffer.from(raw, "base64");
  // A 32-byte base64 key is used as is; any other passphrase is stretched to 32 bytes.
  return decoded.length === 32 ? decoded : createHash("sha256").update(raw).digest();
}

const associatedData = (column: SecretColumn) => Buffer.from(`hookline:${column}`, "utf8");

/** AES-256-GCM: iv (12) ‖ tag (16) ‖ ciphertext, base64, behind a version prefix; bound to its column. */
export function encryptSecret(plaintext: string, column: SecretColumn, withKey?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(withKey), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(column));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return V2 + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function decryptSecret(stored: string, column: SecretColumn, withKey?: string): string {
  const version = stored.startsWith(V2) ? 2 : stored.startsWith(V1) ? 1 : 0;
  if (version === 0) throw new Error("value is not an encrypted secret");
  const raw = Buffer.from(stored.slice(V1.length), "base64");
  // Node would accept a shorter tag (down to 4 bytes) from a truncated value; the tag length is
  // pinned and a value too short to hold iv and tag is refused outright.
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("encrypted secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key(withKey), raw.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  if (version === 2) decipher.setAAD(associatedData(column));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === "string" && (value.startsWith(V2) || value.startsWith(V1));
}

/** Written before values were bound to their column: readable, but to be re-encrypted (reencrypt-secrets.ts). */
export function isLegacyEncrypted(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(V1);
}

/** The prefix of legacy values, for finding them in SQL. */
export const LEGACY_PREFIX = V1;

/** Identifies the key without revealing it: an HMAC of a constant under it. */
export function keyFingerprint(withKey?: string): string {
  return createHmac("sha256", key(withKey)).update("hookline:encryption-key-fingerprint:v1").digest("hex");
}

/** For display: enough to recognise a secret, never enough to use it. */
export function maskSecret(plaintext: string): string {
  if (plaintext.length <= 8) return "••••••••";
  return `${plaintext.slice(0, 6)}••••••••${plaintext.slice(-4)}`;
}

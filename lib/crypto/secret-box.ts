import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// Versioned so the key or the cipher can change later without guessing what a value is.
const PREFIX = "enc:v1:";

function key(): Buffer {
  const raw = process.env.APP_ENCRYPTION_KEY;
  if (!raw) throw new Error("APP_ENCRYPTION_KEY is not set (npm start generates one in $DATA_DIR)");
  const decoded = Buffer.from(raw, "base64");
  // A 32-byte base64 key is used as is; any other passphrase is stretched to 32 bytes.
  return decoded.length === 32 ? decoded : createHash("sha256").update(raw).digest();
}

/** AES-256-GCM: iv (12) ‖ tag (16) ‖ ciphertext, base64, behind a version prefix. */
export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function decryptSecret(stored: string): string {
  if (!isEncrypted(stored)) throw new Error("value is not an encrypted secret");
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(PREFIX);
}

/** For display: enough to recognise a secret, never enough to use it. */
export function maskSecret(plaintext: string): string {
  if (plaintext.length <= 8) return "••••••••";
  return `${plaintext.slice(0, 6)}••••••••${plaintext.slice(-4)}`;
}

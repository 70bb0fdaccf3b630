import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Ingest API keys: high-entropy random strings, so a plain SHA-256 is a safe, indexable hash. */
export function generateApiKey(): string {
  return `hk_${randomBytes(24).toString("base64url")}`;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, 10);
}

/** Constant-time string comparison that does not leak the length through early exit. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function randomPassword(): string {
  return randomBytes(12).toString("base64url");
}

import { createCipheriv, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, isEncrypted } from "../../lib/crypto/secret-box";

beforeAll(() => {
  process.env.APP_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
});

/** A value as the first version wrote it: AES-256-GCM without associated data, behind enc:v1:. */
function legacyV1(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(process.env.APP_ENCRYPTION_KEY!, "base64"), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `enc:v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

describe("the secret box", () => {
  it("round-trips every column's secrets, as v2", () => {
    for (const column of [
      "signing_secret",
      "auth_config.password",
      "auth_config.token",
      "auth_config.value",
    ] as const) {
      const stored = encryptSecret(`secret for ${column} ✓`, column);
      expect(stored.startsWith("enc:v2:")).toBe(true);
      expect(isEncrypted(stored)).toBe(true);
      expect(decryptSecret(stored, column)).toBe(`secret for ${column} ✓`);
    }
  });

  it("refuses a ciphertext copied into another column", () => {
    const token = encryptSecret("bearer-token-of-a-receiver", "auth_config.token");
    expect(() => decryptSecret(token, "signing_secret")).toThrow();
    expect(() => decryptSecret(token, "auth_config.password")).toThrow();
    const signing = encryptSecret("whsec_abc", "signing_secret");
    expect(() => decryptSecret(signing, "auth_config.value")).toThrow();
  });

  it("refuses values too short to hold the iv and a full 16-byte tag, in either version", () => {
    const stored = encryptSecret("x", "signing_secret");
    const raw = Buffer.from(stored.slice("enc:v2:".length), "base64");
    for (const length of [0, 12, 16, 20, 27]) {
      for (const prefix of ["enc:v1:", "enc:v2:"])
        expect(() => decryptSecret(prefix + raw.subarray(0, length).toString("base64"), "signing_secret")).toThrow(
          /truncated/,
        );
    }
  });

  it("refuses a tampered tag or body", () => {
    const stored = encryptSecret("payload", "auth_config.value");
    const raw = Buffer.from(stored.slice("enc:v2:".length), "base64");
    for (const index of [12, 27, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[index] = tampered[index]! ^ 1;
      expect(() => decryptSecret(`enc:v2:${tampered.toString("base64")}`, "auth_config.value")).toThrow();
    }
  });

  it("still reads what the first version wrote (enc:v1:, no column binding)", () => {
    const old = legacyV1("an old bearer token");
    expect(isEncrypted(old)).toBe(true);
    expect(decryptSecret(old, "auth_config.token")).toBe("an old bearer token");
  });
});

import { createCipheriv, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { reencryptSecrets } from "../../lib/crypto/reencrypt-secrets";
import { decryptSecret, keyFingerprint } from "../../lib/crypto/secret-box";
import { verifyEncryptionKey } from "../../lib/crypto/verify-encryption-key";
import { createDestination as createDestinationInLib } from "../../lib/destinations";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";

// Values written before the column binding (enc:v1:) stay readable and are rewritten in the
// current format by `npm start` (and `npm run secrets:reencrypt`); the same code rotates
// APP_ENCRYPTION_KEY. Nothing stored is lost on the way.

const KEY = process.env.APP_ENCRYPTION_KEY!;
const NEXT_KEY = Buffer.alloc(32, 21).toString("base64");
const actor = { userId: null, label: "test" };

let t: TestDatabase;
let orgId: string;

/** A value as the first version wrote it: AES-256-GCM without associated data, behind enc:v1:. */
function legacyV1(plaintext: string, key = KEY): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(key, "base64"), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `enc:v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

interface StoredRow {
  signing_secret: string;
  auth_config: Record<string, string> | null;
  previous: string | null;
}

async function stored(id: string): Promise<StoredRow> {
  const { rows } = await t.pool.query<StoredRow>(
    `SELECT d.signing_secret, d.auth_config, p.signing_secret AS previous
       FROM webhook_destinations d LEFT JOIN destination_previous_secrets p ON p.destination_id = d.id
      WHERE d.id = $1`,
    [id],
  );
  return rows[0]!;
}

/** A destination as the first version stored it: every secret in enc:v1:. */
async function legacyDestination(): Promise<{ id: string; signingSecret: string }> {
  const destination = await createDestination(t.pool, orgId, {
    url: "https://receiver.example/legacy",
    authType: "bearer",
    authConfig: { token: "x" },
  });
  await t.pool.query(
    `UPDATE webhook_destinations SET signing_secret = $2, auth_config = jsonb_build_object('token', $3::text) WHERE id = $1`,
    [destination.id, legacyV1(destination.signingSecret), legacyV1("legacy-bearer-token")],
  );
  await t.pool.query(
    "INSERT INTO destination_previous_secrets (destination_id, signing_secret, expires_at) VALUES ($1, $2, now() + interval '1 hour')",
    [destination.id, legacyV1("whsec_the-previous-one")],
  );
  return destination;
}

beforeAll(async () => {
  t = await useFreshDatabase();
  orgId = await createOrg(t.pool);
  expect(await verifyEncryptionKey()).toEqual({ ok: true });
});

describe("legacy secrets (enc:v1:)", () => {
  it("are rewritten as v2, bound to their column, with the same plaintext; v2 values are left alone", async () => {
    const legacy = await legacyDestination();
    const current = await createDestination(t.pool, orgId, {
      url: "https://receiver.example/current",
      authType: "basic",
      authConfig: { username: "svc", password: "current-password" },
    });
    const currentBefore = await stored(current.id);

    const result = await reencryptSecrets();
    expect(result).toEqual({ rotated: false, rewritten: 3, unreadable: [] });

    const after = await stored(legacy.id);
    for (const value of [after.signing_secret, after.auth_config!.token!, after.previous!])
      expect(value.startsWith("enc:v2:")).toBe(true);
    expect(decryptSecret(after.signing_secret, "signing_secret")).toBe(legacy.signingSecret);
    expect(decryptSecret(after.auth_config!.token!, "auth_config.token")).toBe("legacy-bearer-token");
    expect(decryptSecret(after.previous!, "signing_secret")).toBe("whsec_the-previous-one");
    // Bound now: the token no longer opens as a signing secret.
    expect(() => decryptSecret(after.auth_config!.token!, "signing_secret")).toThrow();
    expect(await stored(current.id)).toEqual(currentBefore);
    // A second run finds nothing left to do.
    expect(await reencryptSecrets()).toEqual({ rotated: false, rewritten: 0, unreadable: [] });
  });

  it("an unreadable value is reported and left as it was; the others are still rewritten", async () => {
    const broken = await legacyDestination();
    const garbage = legacyV1("under another key", Buffer.alloc(32, 1).toString("base64"));
    await t.pool.query("UPDATE webhook_destinations SET signing_secret = $2 WHERE id = $1", [broken.id, garbage]);
    const result = await reencryptSecrets();
    expect(result.unreadable).toEqual([`webhook_destinations ${broken.id} signing_secret`]);
    expect(result.rewritten).toBe(2);
    const after = await stored(broken.id);
    expect(after.signing_secret).toBe(garbage);
    expect(decryptSecret(after.auth_config!.token!, "auth_config.token")).toBe("legacy-bearer-token");
    await t.pool.query("DELETE FROM webhook_destinations WHERE id = $1", [broken.id]);
  });
});

describe("rotating APP_ENCRYPTION_KEY", () => {
  it("refuses a from-key that is not the database's and changes nothing", async () => {
    const { rows: before } = await t.pool.query("SELECT id, signing_secret, auth_config FROM webhook_destinations");
    await expect(reencryptSecrets({ fromKey: NEXT_KEY, toKey: KEY })).rejects.toThrow(
      /APP_ENCRYPTION_KEY is not the key.*nothing was re-encrypted/,
    );
    const { rows: after } = await t.pool.query("SELECT id, signing_secret, auth_config FROM webhook_destinations");
    expect(after).toEqual(before);
  });

  it("rewrites every value under the new key and records its fingerprint, in one go", async () => {
    const destination = await createDestination(t.pool, orgId, {
      url: "https://receiver.example/rotated",
      authType: "header",
      authConfig: { name: "x-api-key", value: "header-value-1" },
    });
    const { rows: all } = await t.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM webhook_destinations)
            + (SELECT count(*) FROM webhook_destinations WHERE auth_type <> 'none')
            + (SELECT count(*) FROM destination_previous_secrets) AS n`,
    );
    const result = await reencryptSecrets({ toKey: NEXT_KEY });
    expect(result).toEqual({ rotated: true, rewritten: Number(all[0]!.n), unreadable: [] });

    const after = await stored(destination.id);
    expect(decryptSecret(after.signing_secret, "signing_secret", NEXT_KEY)).toBe(destination.signingSecret);
    expect(decryptSecret(after.auth_config!.value!, "auth_config.value", NEXT_KEY)).toBe("header-value-1");
    expect(() => decryptSecret(after.signing_secret, "signing_secret", KEY)).toThrow();
    const { rows } = await t.pool.query<{ fingerprint: string }>("SELECT fingerprint FROM encryption_key_fingerprint");
    expect(rows).toEqual([{ fingerprint: keyFingerprint(NEXT_KEY) }]);

    // This process still has the old key: its check fails, and it cannot store a secret.
    expect(await verifyEncryptionKey()).toMatchObject({ ok: false });
    await expect(
      createDestinationInLib(orgId, { name: "Old key", url: "https://receiver.example/old" }, actor),
    ).rejects.toMatchObject({ status: 503 });
    // Given the new key, it can.
    process.env.APP_ENCRYPTION_KEY = NEXT_KEY;
    try {
      expect(await verifyEncryptionKey()).toEqual({ ok: true });
      const created = await createDestinationInLib(
        orgId,
        { name: "New key", url: "https://receiver.example/new" },
        actor,
      );
      const row = await stored(created.destination.id);
      expect(decryptSecret(row.signing_secret, "signing_secret")).toBe(created.signingSecret);
    } finally {
      process.env.APP_ENCRYPTION_KEY = KEY;
    }
  });
});

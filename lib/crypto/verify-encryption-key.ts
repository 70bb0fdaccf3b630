import { db } from "../db/client";
import { decryptSecret, keyFingerprint } from "./secret-box";

export type KeyCheck = { ok: true } | { ok: false; reason: string };

const MISMATCH =
  "APP_ENCRYPTION_KEY is not the key this database's secrets were encrypted with: give this process the same " +
  "APP_ENCRYPTION_KEY as the app (nothing is sent or changed until it matches)";

let verified: string | null = null;

/**
 * Proves this process's APP_ENCRYPTION_KEY is the one the database's secrets were encrypted with,
 * before it sends or stores anything: a process with another key would fail every destination's
 * credentials (and burn their deliveries' retries) or write secrets nobody else can read. The
 * first process to run records the key's fingerprint; one upgrading a database from before the
 * fingerprint proves its key by decrypting a stored signing secret first. A success is
 * remembered for the process; a failure is checked again on the next call.
 */
export async function verifyEncryptionKey(): Promise<KeyCheck> {
  let fingerprint: string;
  try {
    fingerprint = keyFingerprint();
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (verified === fingerprint) return { ok: true };
  const stored = await db.encryptionKeyFingerprint.findFirst({ select: { fingerprint: true } });
  if (stored) {
    if (stored.fingerprint !== fingerprint) return { ok: false, reason: MISMATCH };
  } else {
    const sample = await db.webhookDestination.findFirst({ select: { signingSecret: true } });
    if (sample) {
      try {
        decryptSecret(sample.signingSecret, "signing_secret");
      } catch {
        return { ok: false, reason: MISMATCH };
      }
    }
    // Two processes starting at once: the first insert wins and the other compares with it.
    await db.encryptionKeyFingerprint.createMany({ data: [{ fingerprint }], skipDuplicates: true });
    const recorded = await db.encryptionKeyFingerprint.findFirst({ select: { fingerprint: true } });
    if (recorded?.fingerprint !== fingerprint) return { ok: false, reason: MISMATCH };
  }
  verified = fingerprint;
  return { ok: true };
}

export class EncryptionKeyMismatchError extends Error {}

/** For start-up: throws with the reason when the key does not match. */
export async function assertEncryptionKey(): Promise<void> {
  const check = await verifyEncryptionKey();
  if (!check.ok) throw new EncryptionKeyMismatchError(check.reason);
}

import { db } from "../db/client";
import { Prisma } from "../db/generated/prisma/client";
import type { Tx } from "../db/transaction";
import { AppError } from "../errors";
import { decryptSecret, keyFingerprint } from "./secret-box";

export type KeyCheck = { ok: true } | { ok: false; reason: string };

export const KEY_MISMATCH =
  "APP_ENCRYPTION_KEY is not the key this database's secrets were encrypted with: give this process the same " +
  "APP_ENCRYPTION_KEY as the app (nothing is sent or changed until it matches)";

function ownFingerprint(): { fingerprint: string } | { reason: string } {
  try {
    return { fingerprint: keyFingerprint() };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Proves this process's APP_ENCRYPTION_KEY is the one the database's secrets were encrypted with,
 * before it sends or stores anything: a process with another key would fail every destination's
 * credentials (and burn their deliveries' retries) or write secrets nobody else can read. The
 * first process to run records the key's fingerprint; one upgrading a database from before the
 * fingerprint proves its key by decrypting a stored signing secret first.
 *
 * Nothing is remembered between calls: a rotation (reencrypt-secrets.ts) replaces the
 * fingerprint under running processes, and /api/ready, the cron route and the dispatcher's
 * re-check must see that. Reading one single-row table costs less than the decision is worth.
 */
export async function verifyEncryptionKey(): Promise<KeyCheck> {
  const own = ownFingerprint();
  if ("reason" in own) return { ok: false, reason: own.reason };
  const { fingerprint } = own;
  const stored = await db.encryptionKeyFingerprint.findFirst({ select: { fingerprint: true } });
  if (stored) return stored.fingerprint === fingerprint ? { ok: true } : { ok: false, reason: KEY_MISMATCH };
  const sample = await db.webhookDestination.findFirst({ select: { signingSecret: true } });
  if (sample) {
    try {
      decryptSecret(sample.signingSecret, "signing_secret");
    } catch {
      return { ok: false, reason: KEY_MISMATCH };
    }
  }
  // Two processes starting at once: the first insert wins and the other compares with it.
  await db.encryptionKeyFingerprint.createMany({ data: [{ fingerprint }], skipDuplicates: true });
  const recorded = await db.encryptionKeyFingerprint.findFirst({ select: { fingerprint: true } });
  return recorded?.fingerprint === fingerprint ? { ok: true } : { ok: false, reason: KEY_MISMATCH };
}

/**
 * A 503 for API clients and a form message in the dashboard: the server is misconfigured, and
 * nothing was stored. The reason (naming APP_ENCRYPTION_KEY) is meant for the operator, who
 * reads the same words in /api/ready and the start-up line.
 */
export class EncryptionKeyMismatchError extends AppError {
  constructor(readonly reason: string) {
    super(`The server cannot store or read secrets: ${reason}`, 503, "unavailable");
  }
}

/** For start-up (seed): throws with the reason when the key does not match. */
export async function assertEncryptionKey(): Promise<void> {
  const check = await verifyEncryptionKey();
  if (!check.ok) throw new EncryptionKeyMismatchError(check.reason);
}

/**
 * For a transaction about to store an encrypted secret: proves the key and holds the
 * fingerprint row (FOR SHARE) until the transaction ends. A key rotation takes that row FOR
 * UPDATE while it re-encrypts every secret, so a write either commits before the rotation reads
 * the rows, or waits for it and is then refused (its key is the old one) — never a value under a
 * key nobody holds any more. Runs on the caller's transaction (withTransaction's `tx`).
 */
export async function lockEncryptionKey(tx: Tx): Promise<void> {
  const own = ownFingerprint();
  if ("reason" in own) throw new EncryptionKeyMismatchError(own.reason);
  // Raw: Prisma's query API has no row locks (FOR SHARE).
  const select = () =>
    tx.$queryRaw<{ fingerprint: string }[]>(Prisma.sql`SELECT fingerprint FROM encryption_key_fingerprint FOR SHARE`);
  let rows = await select();
  if (!rows[0]) {
    // No process has recorded a key yet (a Next.js server started on its own): record ours.
    await assertEncryptionKey();
    rows = await select();
  }
  if (rows[0]?.fingerprint !== own.fingerprint) throw new EncryptionKeyMismatchError(KEY_MISMATCH);
}

import { Prisma } from "../db/generated/prisma/client";
import { withTransaction } from "../db/transaction";
import {
  decryptSecret,
  encryptSecret,
  isEncrypted,
  isLegacyEncrypted,
  keyFingerprint,
  type SecretColumn,
} from "./secret-box";
import { KEY_MISMATCH } from "./verify-encryption-key";

export interface ReencryptOptions {
  /** The key the stored values are under (default: APP_ENCRYPTION_KEY). */
  fromKey?: string;
  /**
   * The key to write them under. The same key (the default) rewrites only values from before the
   * column binding (`enc:v1:`); another key rotates: every value is rewritten under it and the
   * database's key fingerprint becomes the new key's, in one transaction.
   */
  toKey?: string;
}

export interface ReencryptResult {
  rotated: boolean;
  /** Values rewritten. */
  rewritten: number;
  /** Values that could not be decrypted with `fromKey`, left as they were ("<table> <id> <column>"). */
  unreadable: string[];
}

export class KeyRotationRefusedError extends Error {}

const AUTH_SECRET_FIELD: Record<string, "password" | "token" | "value"> = {
  basic: "password",
  bearer: "token",
  header: "value",
};

/**
 * Re-encrypts the stored secrets (signing secrets, previous signing secrets, auth_config's
 * secret field) as the current version of the secret box — and, given another key, under that
 * key. Used by `npm run secrets:reencrypt` and, for legacy values only, by `npm start` after its
 * key check, so old rows get their column binding without anyone having to remember.
 *
 * The fingerprint row is held FOR UPDATE throughout: every write of a secret holds it FOR SHARE
 * (lockEncryptionKey), so no value is written under the old key while the rows are rewritten, and
 * a process still on the old key finds the new fingerprint afterwards and refuses to go on.
 */
export async function reencryptSecrets(options: ReencryptOptions = {}): Promise<ReencryptResult> {
  const fromKey = options.fromKey ?? process.env.APP_ENCRYPTION_KEY;
  const toKey = options.toKey ?? fromKey;
  const oldFingerprint = keyFingerprint(fromKey);
  const newFingerprint = keyFingerprint(toKey);
  const rotating = oldFingerprint !== newFingerprint;
  return withTransaction(
    async (tx) => {
      // Prisma's query API takes no row locks; the lock is the point of this statement.
      const stored = await tx.$queryRaw<{ fingerprint: string }[]>(
        Prisma.sql`SELECT fingerprint FROM encryption_key_fingerprint FOR UPDATE`,
      );
      if (stored[0] && stored[0].fingerprint !== oldFingerprint)
        throw new KeyRotationRefusedError(`${KEY_MISMATCH}; nothing was re-encrypted`);

      const unreadable: string[] = [];
      let readable = 0;
      let rewritten = 0;
      /** The value as it should be stored now, or null to leave it as it is. */
      const reencrypted = (value: unknown, column: SecretColumn, where: string): string | null => {
        if (!isEncrypted(value) || (!rotating && !isLegacyEncrypted(value))) return null;
        let plaintext: string;
        try {
          plaintext = decryptSecret(value, column, fromKey);
        } catch {
          unreadable.push(`${where} ${column}`);
          return null;
        }
        readable++;
        rewritten++;
        return encryptSecret(plaintext, column, toKey);
      };

      const destinations = await tx.webhookDestination.findMany({
        select: { id: true, signingSecret: true, authType: true, authConfig: true },
      });
      for (const destination of destinations) {
        const signingSecret = reencrypted(
          destination.signingSecret,
          "signing_secret",
          `webhook_destinations ${destination.id}`,
        );
        const field = AUTH_SECRET_FIELD[destination.authType];
        const config = destination.authConfig as Prisma.JsonObject | null;
        const secret =
          field && config
            ? reencrypted(config[field], `auth_config.${field}`, `webhook_destinations ${destination.id}`)
            : null;
        if (signingSecret === null && secret === null) continue;
        await tx.webhookDestination.update({
          where: { id: destination.id },
          data: {
            ...(signingSecret !== null ? { signingSecret } : {}),
            ...(secret !== null ? { authConfig: { ...config, [field!]: secret } } : {}),
          },
        });
      }
      const previous = await tx.destinationPreviousSecret.findMany({
        select: { destinationId: true, signingSecret: true },
      });
      for (const row of previous) {
        const signingSecret = reencrypted(
          row.signingSecret,
          "signing_secret",
          `destination_previous_secrets ${row.destinationId}`,
        );
        if (signingSecret !== null)
          await tx.destinationPreviousSecret.update({
            where: { destinationId: row.destinationId },
            data: { signingSecret },
          });
      }

      if (rotating) {
        // Without a recorded fingerprint, the old key is proven only by what it decrypts.
        if (!stored[0] && readable === 0 && unreadable.length > 0)
          throw new KeyRotationRefusedError(`${KEY_MISMATCH}; nothing was re-encrypted`);
        await tx.encryptionKeyFingerprint.upsert({
          where: { id: true },
          create: { fingerprint: newFingerprint },
          update: { fingerprint: newFingerprint, createdAt: new Date() },
        });
      }
      return { rotated: rotating, rewritten, unreadable };
    },
    // Every destination in one transaction: minutes are not expected, seconds may be.
    { timeout: 120_000, maxWait: 30_000 },
  );
}

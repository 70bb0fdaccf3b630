import "server-only";
import { db, pool } from "../db/client";
import { pendingMigrations } from "../db/migrate";
import { verifyEncryptionKey } from "../crypto/verify-encryption-key";

export interface Readiness {
  ready: boolean;
  database: "ok" | "unreachable";
  pendingMigrations: string[];
  /** Whether APP_ENCRYPTION_KEY is the key the database's secrets were encrypted with. */
  encryptionKey: "ok" | "mismatch" | "unknown";
  /** Secrets this process must have and was not given (only present when some are missing). */
  missingSecrets?: string[];
  reason?: string;
}

/**
 * Every app process needs these. The launcher generates them for the embedded database and stops
 * when one is missing with DATABASE_URL; a Next.js server started some other way (a platform's
 * `next start`) has no start-up of ours to stop, so readiness says what is missing instead.
 */
const REQUIRED_SECRETS = ["NEXTAUTH_SECRET", "APP_ENCRYPTION_KEY", "CRON_SECRET"] as const;

/**
 * Ready = the secrets are set, the database answers, every migration on disk is applied, and
 * APP_ENCRYPTION_KEY is the database's key.
 */
export async function checkReadiness(): Promise<Readiness> {
  const missing = REQUIRED_SECRETS.filter((name) => !process.env[name]);
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    return { ready: false, database: "unreachable", pendingMigrations: [], encryptionKey: "unknown" };
  }
  if (missing.length)
    return {
      ready: false,
      database: "ok",
      pendingMigrations: [],
      encryptionKey: "unknown",
      missingSecrets: missing,
      reason:
        `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set: ` +
        "every process needs the same NEXTAUTH_SECRET, APP_ENCRYPTION_KEY and CRON_SECRET",
    };
  // The migration runner works on pg directly (it runs before anything else, Prisma included).
  const pending = await pendingMigrations(pool());
  if (pending.length) return { ready: false, database: "ok", pendingMigrations: pending, encryptionKey: "unknown" };
  const key = await verifyEncryptionKey();
  if (!key.ok)
    return { ready: false, database: "ok", pendingMigrations: [], encryptionKey: "mismatch", reason: key.reason };
  return { ready: true, database: "ok", pendingMigrations: [], encryptionKey: "ok" };
}

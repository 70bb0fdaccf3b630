import { pool } from "../db/client";
import { pendingMigrations } from "../db/migrate";
import { verifyEncryptionKey } from "../crypto/verify-encryption-key";

export interface Readiness {
  ready: boolean;
  database: "ok" | "unreachable";
  pendingMigrations: string[];
  /** Whether APP_ENCRYPTION_KEY is the key the database's secrets were encrypted with. */
  encryptionKey: "ok" | "mismatch" | "unknown";
  reason?: string;
}

/** Ready = the database answers and every migration on disk is applied. */
export async function checkReadiness(): Promise<Readiness> {
  try {
    await pool().query("SELECT 1");
  } catch {
    return { ready: false, database: "unreachable", pendingMigrations: [], encryptionKey: "unknown" };
  }
  const pending = await pendingMigrations(pool());
  if (pending.length) return { ready: false, database: "ok", pendingMigrations: pending, encryptionKey: "unknown" };
  const key = await verifyEncryptionKey();
  if (!key.ok)
    return { ready: false, database: "ok", pendingMigrations: [], encryptionKey: "mismatch", reason: key.reason };
  return { ready: true, database: "ok", pendingMigrations: [], encryptionKey: "ok" };
}

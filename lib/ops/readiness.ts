import { pool } from "../db/client";
import { pendingMigrations } from "../db/migrate";

export interface Readiness {
  ready: boolean;
  database: "ok" | "unreachable";
  pendingMigrations: string[];
}

/** Ready = the database answers and every migration on disk is applied. */
export async function checkReadiness(): Promise<Readiness> {
  try {
    await pool().query("SELECT 1");
  } catch {
    return { ready: false, database: "unreachable", pendingMigrations: [] };
  }
  const pending = await pendingMigrations(pool());
  return { ready: pending.length === 0, database: "ok", pendingMigrations: pending };
}

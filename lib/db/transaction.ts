import type pg from "pg";
import { pool } from "./client";

/**
 * Runs `work` on one pooled connection inside BEGIN … COMMIT; any error rolls back and is
 * rethrown. For a change and the audit row that describes it: both commit, or neither does.
 */
export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  // A connection whose ROLLBACK failed (the database went away) is destroyed, not pooled.
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

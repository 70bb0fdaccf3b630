import type pg from "pg";
import { pool } from "./client";

/**
 * SHIM, to be removed: the former pg-client transaction, kept only for the bulk batch statements
 * in lib/deliveries/delivery-target.ts, which are still text SQL (their conversion belongs to the
 * list/bulk work). New code uses withTransaction from ./transaction (Prisma's interactive
 * $transaction).
 */
export async function withPgClientTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
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

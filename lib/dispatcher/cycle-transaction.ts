import type pg from "pg";
import { pool } from "../db/client";

/** Where the dispatcher's statements go: the cycle's transaction, or the pool for a one-off send. */
export type DispatchDb = Pick<pg.Pool | pg.PoolClient, "query">;

/**
 * Seconds a cycle's transaction may sit idle past its deadline before PostgreSQL ends it: room
 * for the last requests' outcomes to be written, never so long that a frozen process keeps its
 * rows for much longer than its claim said.
 */
const IDLE_MARGIN_MS = 5_000;

export interface CycleTransaction {
  client: pg.PoolClient;
  /** Ends the transaction idle after `ms` (+ a margin): for a claim that may hold its rows longer than `idleMs` said. */
  limitIdle(ms: number): Promise<void>;
}

/**
 * Runs one dispatch cycle in one transaction on its own connection. The claim takes its rows
 * with FOR UPDATE SKIP LOCKED and holds them as row locks until COMMIT, so a claim writes
 * nothing: the outcome is the one write a delivery costs (a lease moving next_retry_at was a
 * second, non-HOT update inserting into every index of the table). Another dispatcher skips
 * locked rows, so a delivery is never sent twice at the same time; a dispatcher that dies
 * closes its connection and PostgreSQL frees its rows at once (no lease to wait out); one that
 * freezes is cut off by idle_in_transaction_session_timeout. Either way its outcomes and
 * attempt rows roll back together, and the rows are sent again by whoever claims them next.
 */
export async function withCycleTransaction<T>(
  work: (tx: CycleTransaction) => Promise<T>,
  options: { idleMs?: number } = {},
): Promise<T> {
  const client = await pool().connect();
  // A connection lost mid-cycle (database restart, terminated backend) reports through the
  // query that was running; the client's own 'error' event must not crash the process.
  const onError = () => {};
  client.on("error", onError);
  let broken: Error | undefined;
  try {
    const idleLimit = (ms: number) =>
      `SET LOCAL idle_in_transaction_session_timeout = ${Math.ceil(ms + IDLE_MARGIN_MS)}`;
    // One round trip: the simple protocol takes both statements at once.
    await client.query(options.idleMs === undefined ? "BEGIN" : `BEGIN; ${idleLimit(options.idleMs)}`);
    const result = await work({
      client,
      limitIdle: async (ms) => {
        await client.query(idleLimit(ms));
      },
    });
    await client.query("COMMIT");
    return result;
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.off("error", onError);
    // A client whose transaction failed may be a dead connection: the pool drops it.
    client.release(broken);
  }
}

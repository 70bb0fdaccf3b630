// Not marked "server-only": tsx scripts (seed, benchmarks) load it (tests/install/server-only-boundary.test.ts).
import { db } from "./client";
import type { Prisma } from "./generated/prisma/client";

/** The client a transaction's work runs on: every model and $queryRaw, bound to one connection. */
export type Tx = Prisma.TransactionClient;

export interface TransactionOptions {
  /** How long to wait for a connection from the pool (ms); 5 s unless told. */
  maxWait?: number;
  /** How long the work may run before Prisma rolls it back (ms); 30 s unless told. */
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

// maxWait as long as the pool waits for a connection (lib/db/pool.ts), not Prisma's 2 s, so a
// busy moment queues as it did on pg instead of failing; timeout longer than Prisma's 5 s, as a
// change waiting on another's row lock (two admins at once, a rotation) must not be cut off.
const DEFAULTS: TransactionOptions = { maxWait: 5_000, timeout: 30_000 };

/**
 * Runs `work` inside one interactive Prisma transaction; any error rolls back and is rethrown.
 * For a change and the audit row that describes it: both commit, or neither does — pass `tx` on
 * to every write (recordAudit included), never `db`, or that write commits on its own.
 */
export async function withTransaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return db.$transaction(work, { ...DEFAULTS, ...options });
}

// Not marked "server-only": tsx scripts (seed, benchmarks) load it (tests/install/server-only-boundary.test.ts).
import { db } from "./client";
import type { Prisma } from "./generated/prisma/client";

/** The client a transaction's work runs on: every model and $queryRaw, bound to one connection. */
export type Tx = Prisma.TransactionClient;

export interface TransactionOptions {
  /** How long to wait for a connection from the pool (ms); Prisma's default is 2 s. */
  maxWait?: number;
  /** How long the work may run before Prisma rolls it back (ms); Prisma's default is 5 s. */
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

/**
 * Runs `work` inside one interactive Prisma transaction; any error rolls back and is rethrown.
 * For a change and the audit row that describes it: both commit, or neither does — pass `tx` on
 * to every write (recordAudit included), never `db`, or that write commits on its own.
 */
export async function withTransaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return db.$transaction(work, options);
}

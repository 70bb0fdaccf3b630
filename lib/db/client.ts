import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { createPool } from "./pool";

interface DbHandles {
  pool: pg.Pool;
  prisma: PrismaClient;
}

// One pool and one client per process; dev-mode hot reload would otherwise open a new pool
// on every edit.
const globalForDb = globalThis as unknown as { __hooklineDb?: DbHandles };

function open(): DbHandles {
  const pool = createPool();
  // "minimal" is what NODE_ENV=production chooses anyway. Any other format captures a stack
  // trace on every call to point an error at its call site: ~0.02 ms per statement (measured
  // with $queryRaw against pg), paid by every query in development, tests and benchmarks.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), errorFormat: "minimal" });
  return { pool, prisma };
}

function handles(): DbHandles {
  if (!globalForDb.__hooklineDb) globalForDb.__hooklineDb = open();
  return globalForDb.__hooklineDb;
}

/** The Prisma client every module uses. Opened lazily so importing never needs DATABASE_URL. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = handles().prisma as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

/** The same pool, for the hot paths (claim, fan-out) that are plain SQL. */
export function pool(): pg.Pool {
  return handles().pool;
}

export async function closeDb(): Promise<void> {
  const h = globalForDb.__hooklineDb;
  globalForDb.__hooklineDb = undefined;
  if (h) {
    await h.prisma.$disconnect();
    await h.pool.end().catch(() => {});
  }
}

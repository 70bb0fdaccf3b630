import "server-only";
import { db } from "../db/client";
import { Prisma, type Sql } from "../db/sql";
import { sqlState } from "../db/sql-state";

/** Above this many matches an exact count is not worth its cost; the planner's estimate is shown. */
export const EXACT_COUNT_LIMIT = 100_000;
const COUNT_TIMEOUT_MS = 2_000;

export interface CountOptions {
  /** Count exactly up to this many rows (default EXACT_COUNT_LIMIT). */
  exactLimit?: number;
  /** How long the exact count may run before the estimate is answered (default 2 s). */
  timeoutMs?: number;
}

export interface CountResult {
  count: number;
  /** true when `count` is the planner's estimate (large results, or the exact count timed out). */
  estimated: boolean;
}

/**
 * Counts the rows `select` (a `SELECT 1 FROM … WHERE …`) returns exactly while that is cheap:
 * the count stops at exactLimit + 1 rows and runs under a statement timeout. Past that, the
 * answer is PostgreSQL's own row estimate from EXPLAIN — what "about 1.2M" needs, at no
 * scanning cost. Raw SQL: Prisma's count() can neither cap a count nor read a plan.
 */
export async function countWithFallback(select: Sql, options: CountOptions = {}): Promise<CountResult> {
  const exactLimit = Math.trunc(options.exactLimit ?? EXACT_COUNT_LIMIT);
  const timeoutMs = Math.trunc(options.timeoutMs ?? COUNT_TIMEOUT_MS);
  // One batch transaction (cheaper in Prisma than an interactive one): read-only and the time
  // budget set for the transaction (set_config(…, true) is SET LOCAL) in one statement, then the count.
  const exact = await db
    .$transaction(
      [
        db.$queryRaw`SELECT set_config('transaction_read_only', 'on', true), set_config('statement_timeout', ${String(timeoutMs)}, true)`,
        db.$queryRaw<
          { n: number }[]
        >`SELECT count(*)::int AS n FROM (${select} LIMIT ${Prisma.raw(String(exactLimit + 1))}) capped`,
        // The statement timeout bounds the work; these keep Prisma's defaults (2 s for a
        // connection, 5 s in all) from cutting it shorter than the pool and the statement would.
      ],
      { maxWait: 5_000, timeout: timeoutMs + 10_000 },
    )
    .then(([, rows]) => rows[0]!.n)
    .catch((error: unknown) => {
      // 57014 = statement timeout: too slow to count exactly, fall through to the estimate.
      if (sqlState(error) === "57014") return null;
      throw error;
    });
  if (exact !== null && exact <= exactLimit) return { count: exact, estimated: false };
  const plan = await db.$queryRaw<
    { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]
  >`EXPLAIN (FORMAT JSON) ${select}`;
  const estimate = Math.round(plan[0]!["QUERY PLAN"][0].Plan["Plan Rows"]);
  return { count: exact !== null ? Math.max(estimate, exact) : estimate, estimated: true };
}

import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { db, pool } from "../db/client";

export interface RateLimit {
  /** Key prefix, so each limit counts on its own. */
  name: string;
  points: number;
  durationSeconds: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// RateLimiterPostgres on the app's pg pool (the one Prisma's adapter runs on), not Prisma: it
// counts in one atomic upsert per hit on rate_limits as its migration laid it out (expire in
// epoch ms). The library's RateLimiterPrisma wants `expire` as a DateTime column (a migration)
// and starts a new window with a delete before its upsert (two statements per hit).
// One limiter per pool (tests and benchmarks switch databases) and per limit.
const limiters = new WeakMap<pg.Pool, Map<string, RateLimiterPostgres>>();

function limiterFor(limit: RateLimit): RateLimiterPostgres {
  const store = pool();
  let byLimit = limiters.get(store);
  if (!byLimit) limiters.set(store, (byLimit = new Map()));
  const id = `${limit.name}:${limit.points}:${limit.durationSeconds}`;
  let limiter = byLimit.get(id);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: store,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // by the migration
      keyPrefix: limit.name,
      points: limit.points,
      duration: limit.durationSeconds,
    });
    byLimit.set(id, limiter);
  }
  return limiter;
}

/**
 * Counts one hit (atomically, in PostgreSQL, shared by every instance) and says whether it is
 * within the limit — before the work it guards is done, so parallel requests cannot all slip
 * through a check made before any of them was counted.
 */
export async function consume(limit: RateLimit, key: string, points = 1): Promise<RateLimitDecision> {
  try {
    await limiterFor(limit).consume(key, points);
    return { allowed: true };
  } catch (error) {
    if (error instanceof RateLimiterRes)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    throw error;
  }
}

/** Forgets a key's count (a successful sign-in clears its failures). */
export async function forget(limit: RateLimit, key: string): Promise<void> {
  await limiterFor(limit).delete(key);
}

/**
 * Notes `key` for the limit's duration, in the same store (so it expires and is purged alike);
 * `remembered` reads it back. For facts a limit depends on, such as an address the account's
 * owner signed in from.
 */
export async function remember(limit: RateLimit, key: string): Promise<void> {
  await limiterFor(limit).set(key, 1, limit.durationSeconds);
}

export async function remembered(limit: RateLimit, key: string): Promise<boolean> {
  return (await limiterFor(limit).get(key)) !== null;
}

/** Positive integer from the environment, else the default. */
export function limitFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * Deletes counts whose window has ended. The library purges rows an hour past their expiry every
 * five minutes in each process that uses it; the cron route's retention run calls this too, so
 * the table stays small even where no limiter ran for a while.
 */
export async function purgeExpiredRateLimits(): Promise<number> {
  const { count } = await db.rateLimit.deleteMany({ where: { expire: { lt: BigInt(Date.now()) } } });
  return count;
}

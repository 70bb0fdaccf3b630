import { DEFAULT_DB_POOL_SIZE } from "../db/pool";

/** Dispatcher settings, read from the environment on every use so tests and operators can change them. */
export interface DispatchConfig {
  /**
   * How long one cycle may hold the rows it claimed (its transaction's row locks): no request
   * starts that could end after it, and a frozen dispatcher's session is ended a little later.
   * Never shorter than a claimed destination's timeout + LEASE_MARGIN_MS.
   */
  leaseMs: number;
  /** Requests in flight at once in this process, across all destinations. */
  concurrency: number;
  /** Requests in flight at once to one destination, so one slow receiver cannot take every slot. */
  destinationConcurrency: number;
  /**
   * How long a cycle's batch may wait for its destination's slot: past it, that destination
   * cannot take what the cycle claimed for it soon, and the rest is handed back, due again at the
   * pace the destination answers — instead of the whole cycle (and its lane, and every other
   * destination's outcomes in it) waiting for one slow receiver.
   */
  queueWaitMs: number;
  /** Rows one cycle claims. */
  claimLimit: number;
  /** How long the cron route keeps running cycles. */
  budgetMs: number;
  /**
   * Cycles run side by side in one dispatcher, so one cycle's requests are in flight while
   * another writes its outcomes and claims the next rows; the concurrency limits are shared.
   */
  lanes: number;
  /**
   * How long an idle dispatcher (worker, launcher ticker) waits before looking for due rows
   * again: the delivery latency of an event that arrives while it waits. A look is one probe
   * of the partial pending index, so a short wait is cheap.
   */
  idleIntervalMs: number;
}

/** Each setting's variable, default and lowest allowed value: read by dispatchConfig, checked by dispatchConfigProblems. */
const SETTINGS: Record<keyof DispatchConfig, { env: string; fallback: number; min: number }> = {
  leaseMs: { env: "DISPATCH_LEASE_MS", fallback: 60_000, min: 100 },
  concurrency: { env: "DISPATCH_CONCURRENCY", fallback: 32, min: 1 },
  destinationConcurrency: { env: "DISPATCH_DESTINATION_CONCURRENCY", fallback: 4, min: 1 },
  queueWaitMs: { env: "DISPATCH_QUEUE_WAIT_MS", fallback: 1_000, min: 10 },
  claimLimit: { env: "DISPATCH_CLAIM_LIMIT", fallback: 500, min: 1 },
  budgetMs: { env: "DISPATCH_BUDGET_MS", fallback: 10_000, min: 100 },
  lanes: { env: "DISPATCH_LANES", fallback: 2, min: 1 },
  idleIntervalMs: { env: "WORKER_INTERVAL_MS", fallback: 250, min: 10 },
};
/** The pool is sized by lib/db/pool.ts; the dispatcher needs a connection per lane from it. */
const POOL_SETTING = { env: "DB_POOL_SIZE", fallback: DEFAULT_DB_POOL_SIZE, min: 2 };

/**
 * What is wrong with the dispatcher's settings, one sentence each (empty when nothing is).
 * dispatchConfig falls back to defaults on a bad value so a running process never breaks; the
 * launcher and the worker call this first and refuse to start instead, naming the variable.
 */
export function dispatchConfigProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  for (const { env: name, min } of [...Object.values(SETTINGS), POOL_SETTING]) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min)
      problems.push(`${name} must be a whole number of at least ${min} (it is "${raw}")`);
  }
  if (problems.length) return problems;
  const lanes = intFrom(env, SETTINGS.lanes);
  const poolSize = intFrom(env, POOL_SETTING);
  // Each lane's cycle holds a connection for its transaction; the rest of the process needs one too.
  if (lanes >= poolSize)
    problems.push(
      `DISPATCH_LANES (${lanes}) must be below DB_POOL_SIZE (${poolSize}): each lane holds a database connection while its cycle runs`,
    );
  return problems;
}

function intFrom(env: NodeJS.ProcessEnv, { env: name, fallback, min }: { env: string; fallback: number; min: number }) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

export function dispatchConfig(): DispatchConfig {
  const entries = Object.entries(SETTINGS).map(([key, setting]) => [key, intFrom(process.env, setting)]);
  return Object.fromEntries(entries) as unknown as DispatchConfig;
}

/**
 * A claim always outlasts the request it covers: the database adds this to a destination's
 * timeout_ms when that is longer than DISPATCH_LEASE_MS, and the sender never starts a request
 * that could still be running when its claim ends (see deliver-batches.ts).
 */
export const LEASE_MARGIN_MS = 1_000;

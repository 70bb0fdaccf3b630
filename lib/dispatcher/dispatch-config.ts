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

/** The variables dispatchConfig reads, with their lowest allowed value. */
const SETTINGS: Record<string, number> = {
  DISPATCH_LEASE_MS: 100,
  DISPATCH_CONCURRENCY: 1,
  DISPATCH_DESTINATION_CONCURRENCY: 1,
  DISPATCH_CLAIM_LIMIT: 1,
  DISPATCH_BUDGET_MS: 100,
  DISPATCH_LANES: 1,
  WORKER_INTERVAL_MS: 10,
  DB_POOL_SIZE: 2,
};

/**
 * What is wrong with the dispatcher's settings, one sentence each (empty when nothing is).
 * dispatchConfig falls back to defaults on a bad value so a running process never breaks; the
 * launcher and the worker call this first and refuse to start instead, naming the variable.
 */
export function dispatchConfigProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  for (const [name, min] of Object.entries(SETTINGS)) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min)
      problems.push(`${name} must be a whole number of at least ${min} (it is "${raw}")`);
  }
  if (problems.length) return problems;
  const lanes = Number(env.DISPATCH_LANES || 2);
  const poolSize = Number(env.DB_POOL_SIZE || 10);
  // Each lane's cycle holds a connection for its transaction; the rest of the process needs one too.
  if (lanes >= poolSize)
    problems.push(
      `DISPATCH_LANES (${lanes}) must be below DB_POOL_SIZE (${poolSize}): each lane holds a database connection while its cycle runs`,
    );
  return problems;
}

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

export function dispatchConfig(): DispatchConfig {
  return {
    leaseMs: intFromEnv("DISPATCH_LEASE_MS", 60_000, 100),
    concurrency: intFromEnv("DISPATCH_CONCURRENCY", 32, 1),
    destinationConcurrency: intFromEnv("DISPATCH_DESTINATION_CONCURRENCY", 4, 1),
    claimLimit: intFromEnv("DISPATCH_CLAIM_LIMIT", 500, 1),
    budgetMs: intFromEnv("DISPATCH_BUDGET_MS", 10_000, 100),
    lanes: intFromEnv("DISPATCH_LANES", 2, 1),
    idleIntervalMs: intFromEnv("WORKER_INTERVAL_MS", 250, 10),
  };
}

/**
 * A claim always outlasts the request it covers: the database adds this to a destination's
 * timeout_ms when that is longer than DISPATCH_LEASE_MS, and the sender never starts a request
 * that could still be running when its claim ends (see deliver-batches.ts).
 */
export const LEASE_MARGIN_MS = 1_000;

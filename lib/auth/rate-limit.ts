import { pool } from "../db/client";
import { RateLimitedError } from "../errors";

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter kept in PostgreSQL so every app instance shares it. One upsert per
 * check; a window that has ended restarts at 1.
 */
export async function hitRateLimit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
  const { rows } = await pool().query<{ count: number; retry_ms: number }>(
    `INSERT INTO rate_limit_buckets (key, count, reset_at)
     VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
     ON CONFLICT (key) DO UPDATE SET
       count    = CASE WHEN rate_limit_buckets.reset_at <= now() THEN 1 ELSE rate_limit_buckets.count + 1 END,
       reset_at = CASE WHEN rate_limit_buckets.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limit_buckets.reset_at END
     RETURNING count, (EXTRACT(EPOCH FROM (reset_at - now())) * 1000)::int AS retry_ms`,
    [key, windowMs],
  );
  const row = rows[0]!;
  return {
    allowed: row.count <= limit,
    count: row.count,
    retryAfterSeconds: Math.max(1, Math.ceil(row.retry_ms / 1000)),
  };
}

export async function assertWithinRateLimit(key: string, limit: number, windowMs: number): Promise<void> {
  const result = await hitRateLimit(key, limit, windowMs);
  if (!result.allowed) throw new RateLimitedError(result.retryAfterSeconds);
}

export async function clearRateLimit(key: string): Promise<void> {
  await pool().query("DELETE FROM rate_limit_buckets WHERE key = $1", [key]);
}

/** Current state of a window without counting a hit (for "too many failures" checks). */
export async function peekRateLimit(key: string, limit: number): Promise<RateLimitResult> {
  const { rows } = await pool().query<{ count: number; retry_ms: number }>(
    `SELECT count, (EXTRACT(EPOCH FROM (reset_at - now())) * 1000)::int AS retry_ms
       FROM rate_limit_buckets WHERE key = $1 AND reset_at > now()`,
    [key],
  );
  const row = rows[0];
  if (!row) return { allowed: true, count: 0, retryAfterSeconds: 0 };
  return {
    allowed: row.count < limit,
    count: row.count,
    retryAfterSeconds: Math.max(1, Math.ceil(row.retry_ms / 1000)),
  };
}

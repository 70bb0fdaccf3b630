/** No retry is ever scheduled further out than this, whatever the backoff or a Retry-After says. */
export const MAX_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;

/** ±20 %: spreads the retries of deliveries that failed together so they do not return together. */
const JITTER = 0.2;

/**
 * Exponential backoff: `backoffMs · 2^(attempts-1)` with jitter, capped at 24 h.
 * `attempts` counts the attempts made so far, including the one that just failed.
 */
export function retryDelayMs(attempts: number, backoffMs: number, random: () => number = Math.random): number {
  const base = backoffMs * 2 ** Math.max(0, attempts - 1);
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(0, Math.round(jittered)));
}

/**
 * `Retry-After` as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * null when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(MAX_RETRY_DELAY_MS, Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(0, date - now));
}

/** The statuses whose Retry-After the dispatcher follows. */
export function honoursRetryAfter(status: number | null): boolean {
  return status === 429 || status === 503;
}

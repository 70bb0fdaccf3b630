import { RateLimitedError } from "../errors";
import { consume, limitFromEnv, type RateLimit } from "./limiter";

/**
 * Requests per API key per minute. Ingest: 1,200 (each may carry 500 events, so up to 10,000
 * events/s per key); management: 600. Defaults a deployment can keep; INGEST_RATE_LIMIT and
 * MANAGE_RATE_LIMIT change them.
 */
export function apiRateLimit(kind: "ingest" | "manage"): RateLimit {
  return kind === "ingest"
    ? { name: "api:ingest", points: limitFromEnv("INGEST_RATE_LIMIT", 1200), durationSeconds: 60 }
    : { name: "api:manage", points: limitFromEnv("MANAGE_RATE_LIMIT", 600), durationSeconds: 60 };
}

/** Counts the request against its key; over the limit → 429 with Retry-After. */
export async function assertApiRateLimit(kind: "ingest" | "manage", apiKeyId: string): Promise<void> {
  const decision = await consume(apiRateLimit(kind), apiKeyId);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
}

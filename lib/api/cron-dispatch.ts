import { safeEqual } from "../crypto/tokens";
import { verifyEncryptionKey } from "../crypto/verify-encryption-key";
import { requestLogger } from "../log/logger";
import { purgeExpiredRateLimits } from "../rate-limit/limiter";
import { purgeExpired, type PurgeResult } from "../retention/purge-expired";
import { flushTracing } from "../telemetry/start-tracing";
import { dispatchConfig } from "../dispatcher/dispatch-config";
import { runDispatchFor } from "../dispatcher/run-dispatch-cycle";

const noStore = { "cache-control": "no-store" };

/** `Authorization: Bearer $CRON_SECRET`, compared in constant time. No secret configured → nobody. */
export function cronRequestAuthorized(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  return safeEqual(request.headers.get("authorization") ?? "", `Bearer ${secret}`);
}

// Retention runs from the cron route at most this often per app instance: once a minute's
// schedule is enough, and back-to-back calls (tests, manual triggers) should not each scan.
const RETENTION_EVERY_MS = 10 * 60 * 1000;
let lastRetentionAt = 0;

async function runRetentionIfDue(): Promise<Omit<PurgeResult, "durationMs"> | undefined> {
  if (Date.now() - lastRetentionAt < RETENTION_EVERY_MS) return undefined;
  lastRetentionAt = Date.now();
  const { durationMs: _ignored, ...purged } = await purgeExpired({ budgetMs: 2000 });
  await purgeExpiredRateLimits();
  return purged;
}

/**
 * The cron trigger: runs dispatch cycles for DISPATCH_BUDGET_MS and answers the counts. Calls
 * that overlap (a slow run still going when the next minute's call arrives, or several app
 * instances) are safe: claims skip each other's rows.
 */
export async function handleCronDispatch(request: Request): Promise<Response> {
  if (!cronRequestAuthorized(request)) {
    return Response.json(
      { error: "unauthorized", message: "Send Authorization: Bearer <CRON_SECRET>" },
      { status: 401, headers: noStore },
    );
  }
  // Every line of this run, down to each delivery's, carries the request id.
  const log = requestLogger(request).child({ component: "dispatcher", trigger: "cron" });
  try {
    // A process whose key cannot read the destinations' secrets claims nothing.
    const keyCheck = await verifyEncryptionKey();
    if (!keyCheck.ok) {
      log.error({ reason: keyCheck.reason }, "cron dispatch refused: encryption key mismatch");
      return Response.json(
        { error: "encryption_key_mismatch", message: keyCheck.reason },
        { status: 503, headers: noStore },
      );
    }
    const counts = await runDispatchFor(dispatchConfig().budgetMs, { log });
    if (counts.claimed > 0) log.info(counts, "cron dispatch run");
    // Deletes in small batches within its own budget (RETENTION_DAYS); see lib/retention.
    const retention = await runRetentionIfDue().catch((error: unknown) => {
      log.error({ err: error }, "retention run failed");
      return undefined;
    });
    if (retention && Object.values(retention).some((n) => n > 0)) log.info(retention, "retention purged expired rows");
    // The run's spans leave before the answer: a serverless host may freeze the process after it.
    await flushTracing().catch((error: unknown) => log.warn({ err: error }, "could not export the traces"));
    // The answer stays exactly the dispatch counts; what retention deleted goes to the log.
    return Response.json(counts, { headers: noStore });
  } catch (error) {
    log.error({ err: error }, "cron dispatch failed");
    return Response.json(
      { error: "dispatch_failed", message: "The dispatcher could not run; see the server log" },
      { status: 503, headers: noStore },
    );
  }
}

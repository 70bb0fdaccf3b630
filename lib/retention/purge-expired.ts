import "server-only";
import { db } from "../db/client";
import { Prisma, type Sql } from "../db/sql";

export interface PurgeResult {
  deliveries: number;
  activityLogs: number;
  failedWebhooks: number;
  ingestTraceContexts: number;
  durationMs: number;
}

export function retentionDays(): number {
  const days = Number(process.env.RETENTION_DAYS || 30);
  return Number.isFinite(days) && days > 0 ? days : 30;
}

/**
 * Deletes what has outlived RETENTION_DAYS, in small batches so no statement holds locks for
 * long or bloats one transaction, and stops when the time budget is spent (the next cron run
 * continues):
 * - delivered deliveries older than that (their attempts cascade);
 * - activity logs older than that with no delivery left that is not delivered (a log still
 *   waiting on a pending, failed or dead delivery stays, so nothing unresolved is lost);
 * - dead letters resolved (retried or discarded) more than that ago;
 * - ingest requests' trace contexts (kept while tracing) older than that.
 */
export async function purgeExpired(
  options: { days?: number; batchSize?: number; budgetMs?: number } = {},
): Promise<PurgeResult> {
  const days = options.days ?? retentionDays();
  const batch = options.batchSize ?? 5000;
  const deadline = Date.now() + (options.budgetMs ?? 5000);
  const started = Date.now();
  const result: PurgeResult = {
    deliveries: 0,
    activityLogs: 0,
    failedWebhooks: 0,
    ingestTraceContexts: 0,
    durationMs: 0,
  };
  // Raw SQL: batched DELETE … WHERE id IN (… LIMIT … FOR UPDATE SKIP LOCKED) is beyond deleteMany.
  const loop = async (statement: Sql, key: keyof Omit<PurgeResult, "durationMs">) => {
    while (Date.now() < deadline) {
      const deleted = await db.$executeRaw(statement);
      result[key] += deleted;
      if (deleted < batch) return;
    }
  };

  await loop(
    Prisma.sql`DELETE FROM webhook_deliveries WHERE id IN (
       SELECT id FROM webhook_deliveries
        WHERE status = 'delivered' AND created_at < now() - make_interval(days => ${days})
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`,
    "deliveries",
  );
  await loop(
    Prisma.sql`DELETE FROM activity_logs WHERE id IN (
       SELECT l.id FROM activity_logs l
        WHERE l.created_at < now() - make_interval(days => ${days})
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.log_id = l.id AND d.status <> 'delivered')
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`,
    "activityLogs",
  );
  await loop(
    Prisma.sql`DELETE FROM failed_webhooks WHERE id IN (
       SELECT id FROM failed_webhooks
        WHERE status IN ('retried', 'failed_permanently') AND updated_at < now() - make_interval(days => ${days})
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`,
    "failedWebhooks",
  );
  await loop(
    Prisma.sql`DELETE FROM ingest_trace_contexts WHERE id IN (
       SELECT id FROM ingest_trace_contexts WHERE created_at < now() - make_interval(days => ${days}) LIMIT ${batch})`,
    "ingestTraceContexts",
  );
  result.durationMs = Date.now() - started;
  return result;
}

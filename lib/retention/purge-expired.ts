import { pool } from "../db/client";

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
  const db = pool();

  const loop = async (sql: string, key: keyof Omit<PurgeResult, "durationMs">) => {
    while (Date.now() < deadline) {
      const { rowCount } = await db.query(sql, [days, batch]);
      result[key] += rowCount ?? 0;
      if ((rowCount ?? 0) < batch) return;
    }
  };

  await loop(
    `DELETE FROM webhook_deliveries WHERE id IN (
       SELECT id FROM webhook_deliveries
        WHERE status = 'delivered' AND created_at < now() - make_interval(days => $1)
        LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "deliveries",
  );
  await loop(
    `DELETE FROM activity_logs WHERE id IN (
       SELECT l.id FROM activity_logs l
        WHERE l.created_at < now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.log_id = l.id AND d.status <> 'delivered')
        LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "activityLogs",
  );
  await loop(
    `DELETE FROM failed_webhooks WHERE id IN (
       SELECT id FROM failed_webhooks
        WHERE status IN ('retried', 'failed_permanently') AND updated_at < now() - make_interval(days => $1)
        LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    "failedWebhooks",
  );
  await loop(
    `DELETE FROM ingest_trace_contexts WHERE id IN (
       SELECT id FROM ingest_trace_contexts WHERE created_at < now() - make_interval(days => $1) LIMIT $2)`,
    "ingestTraceContexts",
  );
  result.durationMs = Date.now() - started;
  return result;
}

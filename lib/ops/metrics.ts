import client from "prom-client";
import { pool } from "../db/client";

// One registry per process, kept on globalThis so dev reloads do not register twice.
const globalForMetrics = globalThis as unknown as { __hooklineMetrics?: ReturnType<typeof createMetrics> };

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "hookline_process_" });

  // Process-local: observed by whichever dispatcher runs in this process.
  const sendDuration = new client.Histogram({
    name: "hookline_send_duration_seconds",
    help: "Duration of webhook HTTP sends made by this process",
    labelNames: ["outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  // Database-wide gauges, read at scrape time so every instance reports the same truth.
  const deliveries = new client.Gauge({ name: "hookline_deliveries", help: "Deliveries by status", labelNames: ["status"], registers: [registry] });
  const attempts = new client.Gauge({ name: "hookline_delivery_attempts", help: "Recorded delivery attempts by outcome", labelNames: ["outcome"], registers: [registry] });
  const queueDepth = new client.Gauge({ name: "hookline_queue_due", help: "Deliveries due for dispatch now", registers: [registry] });
  const oldestDue = new client.Gauge({ name: "hookline_queue_oldest_due_age_seconds", help: "Age of the oldest due delivery", registers: [registry] });
  const deadLetters = new client.Gauge({ name: "hookline_dead_letters", help: "failed_webhooks rows by status", labelNames: ["status"], registers: [registry] });

  async function collectFromDatabase() {
    const db = pool();
    const [byStatus, byOutcome, due, letters] = await Promise.all([
      db.query<{ status: string; n: number }>("SELECT status, count(*)::bigint AS n FROM webhook_deliveries GROUP BY status"),
      db.query<{ outcome: string; n: number }>("SELECT outcome, count(*)::bigint AS n FROM webhook_delivery_attempts GROUP BY outcome"),
      db.query<{ n: number; age: number | null }>(
        `SELECT count(*)::bigint AS n, EXTRACT(EPOCH FROM now() - min(coalesce(next_retry_at, created_at)))::float8 AS age
           FROM webhook_deliveries WHERE status IN ('pending','failed') AND (next_retry_at IS NULL OR next_retry_at <= now())`,
      ),
      db.query<{ status: string; n: number }>("SELECT status::text, count(*)::bigint AS n FROM failed_webhooks GROUP BY status"),
    ]);
    deliveries.reset();
    for (const status of ["pending", "delivered", "failed", "dead"]) deliveries.set({ status }, 0);
    for (const row of byStatus.rows) deliveries.set({ status: row.status }, Number(row.n));
    attempts.reset();
    for (const row of byOutcome.rows) attempts.set({ outcome: row.outcome }, Number(row.n));
    queueDepth.set(Number(due.rows[0]?.n ?? 0));
    oldestDue.set(Math.max(0, due.rows[0]?.age ?? 0));
    deadLetters.reset();
    for (const status of ["pending", "retried", "failed_permanently"]) deadLetters.set({ status }, 0);
    for (const row of letters.rows) deadLetters.set({ status: row.status }, Number(row.n));
  }

  return { registry, sendDuration, collectFromDatabase };
}

export function metrics() {
  globalForMetrics.__hooklineMetrics ??= createMetrics();
  return globalForMetrics.__hooklineMetrics;
}

/** For the dispatcher: record one send's duration under its outcome. */
export function observeSend(outcome: string, durationMs: number): void {
  metrics().sendDuration.observe({ outcome }, durationMs / 1000);
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  await m.collectFromDatabase();
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}

import client from "prom-client";
import { db } from "../db/client";
import { Prisma } from "../db/generated/prisma/client";

// One registry per process, kept on globalThis so dev reloads do not register twice.
const globalForMetrics = globalThis as unknown as { __hooklineMetrics?: ReturnType<typeof createMetrics> };

const SEND_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How far back the database-derived send latency looks (METRICS_WINDOW_SECONDS, default 5 minutes). */
export function sendWindowSeconds(): number {
  const configured = Number(process.env.METRICS_WINDOW_SECONDS);
  return Number.isInteger(configured) && configured > 0 ? configured : 300;
}

/**
 * Send latency of every dispatcher — cron calls, workers and in-process tickers in any process
 * on any host — read from webhook_delivery_attempts (one row per HTTP attempt, its
 * duration_ms and outcome) at scrape time. It covers the attempts that started in the last
 * window, as bucket counts per outcome: a histogram whose samples are gauges, not counters.
 * Counters cannot be derived from the table (retention deletes old rows, so a total would
 * fall), and a process-local prom-client histogram only sees the sends of the process being
 * scraped. Use it without rate():
 *   histogram_quantile(0.99, sum by (le) (hookline_send_duration_recent_seconds_bucket))
 *   sum by (outcome) (hookline_send_duration_recent_seconds_count) / hookline_send_duration_recent_window_seconds
 * Attempts are found through their delivery's last_attempt_at (indexed): recording an attempt
 * sets it to a time at or after the attempt's start, so no attempt of the window is missed.
 */
function recentSendsSql(windowSeconds: number): Prisma.Sql {
  const buckets = SEND_BUCKETS_SECONDS.map((le) => `count(*) FILTER (WHERE a.duration_ms <= ${Math.round(le * 1000)})`);
  return Prisma.sql`
SELECT a.outcome,
       count(*)::bigint AS n,
       coalesce(sum(a.duration_ms), 0)::float8 / 1000 AS sum_seconds,
       ARRAY[${Prisma.raw(buckets.join(", "))}]::bigint[] AS buckets
  FROM webhook_deliveries d
  JOIN webhook_delivery_attempts a ON a.delivery_id = d.id
   AND a.started_at >= now() - make_interval(secs => ${windowSeconds}::float8)
 WHERE d.last_attempt_at >= now() - make_interval(secs => ${windowSeconds}::float8)
 GROUP BY a.outcome`;
}

/** Every outcome the dispatcher records (AttemptOutcome), so each series exists even at zero. */
const OUTCOMES = ["delivered", "http_error", "timeout", "network_error", "blocked"];

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "hookline_process_" });

  // Process-local, a true (counter) histogram: only the sends made by a dispatcher running in
  // the process that answers this scrape. The database-derived one below covers them all.
  const sendDuration = new client.Histogram({
    name: "hookline_process_send_duration_seconds",
    help:
      "Duration of webhook HTTP sends made by a dispatcher in this process only (see hookline_send_duration_recent_seconds for all " +
      "dispatchers)",
    labelNames: ["outcome"],
    buckets: SEND_BUCKETS_SECONDS,
    registers: [registry],
  });

  const credentialFailures = new client.Counter({
    name: "hookline_process_credential_failures_total",
    help:
      "Deliveries a dispatcher in this process handed back unsent because the destination's credentials could not be decrypted " +
      "(APP_ENCRYPTION_KEY); they are not attempts",
    registers: [registry],
  });

  const recentHelp =
    "attempts (every dispatcher, from the database) that started in the last hookline_send_duration_recent_window_seconds";
  const recentBuckets = new client.Gauge({
    name: "hookline_send_duration_recent_seconds_bucket",
    help: `Send durations, cumulative buckets, of ${recentHelp}`,
    labelNames: ["outcome", "le"],
    registers: [registry],
  });
  const recentSum = new client.Gauge({
    name: "hookline_send_duration_recent_seconds_sum",
    help: `Total send duration of ${recentHelp}`,
    labelNames: ["outcome"],
    registers: [registry],
  });
  const recentCount = new client.Gauge({
    name: "hookline_send_duration_recent_seconds_count",
    help: `Number of ${recentHelp}`,
    labelNames: ["outcome"],
    registers: [registry],
  });
  const recentWindow = new client.Gauge({
    name: "hookline_send_duration_recent_window_seconds",
    help: "The window the hookline_send_duration_recent_seconds series cover",
    registers: [registry],
  });

  // Database-wide gauges, read at scrape time so every instance reports the same truth.
  const deliveries = new client.Gauge({
    name: "hookline_deliveries",
    help: "Deliveries by status",
    labelNames: ["status"],
    registers: [registry],
  });
  const attempts = new client.Gauge({
    name: "hookline_delivery_attempts",
    help: "Delivery attempts stored (every dispatcher; retention removes old ones) by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const queueDepth = new client.Gauge({
    name: "hookline_queue_due",
    help: "Deliveries due for dispatch now",
    registers: [registry],
  });
  const oldestDue = new client.Gauge({
    name: "hookline_queue_oldest_due_age_seconds",
    help: "Age of the oldest due delivery",
    registers: [registry],
  });
  const deadLetters = new client.Gauge({
    name: "hookline_dead_letters",
    help: "failed_webhooks rows by status",
    labelNames: ["status"],
    registers: [registry],
  });

  async function collectFromDatabase() {
    const window = sendWindowSeconds();
    const [byStatus, byOutcome, [due], letters, recent] = await Promise.all([
      db.webhookDelivery.groupBy({ by: ["status"], _count: { _all: true } }),
      db.webhookDeliveryAttempt.groupBy({ by: ["outcome"], _count: { _all: true } }),
      // Raw: an aggregate over coalesce(), and "due" by the database's clock, as the dispatcher claims.
      db.$queryRaw<{ n: bigint; age: number | null }[]>(Prisma.sql`
        SELECT count(*)::bigint AS n, EXTRACT(EPOCH FROM now() - min(coalesce(next_retry_at, created_at)))::float8 AS age
          FROM webhook_deliveries WHERE status IN ('pending','failed') AND (next_retry_at IS NULL OR next_retry_at <= now())`),
      db.failedWebhook.groupBy({ by: ["status"], _count: { _all: true } }),
      // Raw: FILTER'd counts per bucket over a join, which Prisma's groupBy cannot say.
      db.$queryRaw<{ outcome: string; n: bigint; sum_seconds: number; buckets: bigint[] }[]>(recentSendsSql(window)),
    ]);
    deliveries.reset();
    for (const status of ["pending", "delivered", "failed", "dead"]) deliveries.set({ status }, 0);
    for (const row of byStatus) deliveries.set({ status: row.status }, row._count._all);
    attempts.reset();
    for (const row of byOutcome) attempts.set({ outcome: row.outcome }, row._count._all);
    queueDepth.set(Number(due?.n ?? 0));
    oldestDue.set(Math.max(0, due?.age ?? 0));
    deadLetters.reset();
    for (const status of ["pending", "retried", "failed_permanently"]) deadLetters.set({ status }, 0);
    for (const row of letters) deadLetters.set({ status: row.status }, row._count._all);
    recentBuckets.reset();
    recentSum.reset();
    recentCount.reset();
    recentWindow.set(window);
    const byRecentOutcome = new Map(recent.map((row) => [row.outcome, row]));
    for (const outcome of new Set([...OUTCOMES, ...byRecentOutcome.keys()])) {
      const row = byRecentOutcome.get(outcome);
      SEND_BUCKETS_SECONDS.forEach((le, i) =>
        recentBuckets.set({ outcome, le: String(le) }, Number(row?.buckets[i] ?? 0)),
      );
      recentBuckets.set({ outcome, le: "+Inf" }, Number(row?.n ?? 0));
      recentSum.set({ outcome }, row?.sum_seconds ?? 0);
      recentCount.set({ outcome }, Number(row?.n ?? 0));
    }
  }

  return { registry, sendDuration, credentialFailures, collectFromDatabase };
}

export function metrics() {
  globalForMetrics.__hooklineMetrics ??= createMetrics();
  return globalForMetrics.__hooklineMetrics;
}

/** For the dispatcher: record one send's duration under its outcome. */
export function observeSend(outcome: string, durationMs: number): void {
  metrics().sendDuration.observe({ outcome }, durationMs / 1000);
}

/** For the dispatcher: deliveries handed back because their destination's secrets could not be decrypted. */
export function countCredentialFailures(deliveries: number): void {
  metrics().credentialFailures.inc(deliveries);
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  await m.collectFromDatabase();
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}

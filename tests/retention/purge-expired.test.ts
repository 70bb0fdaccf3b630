import { describe, expect, it } from "vitest";
import { purgeExpired } from "../../lib/retention/purge-expired";
import { useFreshDatabase } from "../helpers/db";
import { createDestination, createLog, createOrg } from "../helpers/fixtures";

describe("retention", () => {
  it("deletes old delivered deliveries and resolved logs and dead letters, keeps everything unresolved or recent", async () => {
    const db = await useFreshDatabase();
    const orgId = await createOrg(db.pool);
    const a = await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/a" });
    const b = await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/b" });
    const age = async (table: string, id: string | number, days: number) =>
      db.pool.query(`UPDATE ${table} SET created_at = now() - make_interval(days => $2) WHERE id = $1`, [id, days]);
    const delivery = async (destinationId: string, logId: string, status: string, days: number) => {
      const { rows } = await db.pool.query(
        "INSERT INTO webhook_deliveries (destination_id, log_id, status) VALUES ($1, $2, $3) RETURNING id",
        [destinationId, logId, status],
      );
      await age("webhook_deliveries", rows[0].id, days);
      await db.pool.query(
        "INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, started_at, duration_ms, request_url, " +
          "request_headers, outcome) VALUES ($1, 1, now(), 5, 'http://x', '{}', 'delivered')",
        [rows[0].id],
      );
      return rows[0].id as string;
    };

    const oldDone = await createLog(db.pool, orgId); // all delivered, old → log and deliveries go
    await age("activity_logs", oldDone, 40);
    const d1 = await delivery(a.id, oldDone, "delivered", 40);
    const d2 = await delivery(b.id, oldDone, "delivered", 40);

    const oldMixed = await createLog(db.pool, orgId); // one dead delivery → log and dead stay, delivered one goes
    await age("activity_logs", oldMixed, 40);
    const d3 = await delivery(a.id, oldMixed, "delivered", 40);
    const d4 = await delivery(b.id, oldMixed, "dead", 40);

    const recent = await createLog(db.pool, orgId); // recent → everything stays
    const d5 = await delivery(a.id, recent, "delivered", 2);

    const oldPending = await createLog(db.pool, orgId);
    await age("activity_logs", oldPending, 40);
    const d6 = await delivery(a.id, oldPending, "pending", 40);

    const letters = await db.pool.query(
      `INSERT INTO failed_webhooks (webhook_payload_json, status) VALUES
         ('{"delivery_id":"r1"}', 'retried'), ('{"delivery_id":"r2"}', 'failed_permanently'),
         ('{"delivery_id":"r3"}', 'pending'), ('{"delivery_id":"r4"}', 'failed_permanently') RETURNING id`,
    );
    const [r1, r2, r3, r4] = letters.rows.map((r) => r.id);
    await db.pool.query("ALTER TABLE failed_webhooks DISABLE TRIGGER failed_webhooks_updated_at");
    await db.pool.query("UPDATE failed_webhooks SET updated_at = now() - interval '40 days' WHERE id IN ($1, $2, $3)", [
      r1,
      r2,
      r3,
    ]);
    await db.pool.query("ALTER TABLE failed_webhooks ENABLE TRIGGER failed_webhooks_updated_at");

    // Trace contexts kept while tracing: the old one goes, the recent one stays.
    const traces = await db.pool.query(
      `INSERT INTO ingest_trace_contexts (traceparent, log_ids, created_at) VALUES
         ('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', ARRAY[$1::uuid], now() - interval '40 days'),
         ('00-0af7651916cd43dd8448eb211c80319d-b7ad6b7169203332-01', ARRAY[$2::uuid], now() - interval '2 days')
       RETURNING id`,
      [oldDone, recent],
    );

    const result = await purgeExpired({ days: 30, batchSize: 1 });
    expect(result).toMatchObject({ deliveries: 3, activityLogs: 1, failedWebhooks: 2, ingestTraceContexts: 1 });

    const deliveries = await db.pool.query("SELECT id FROM webhook_deliveries");
    expect(deliveries.rows.map((r) => r.id).sort()).toEqual([d4, d5, d6].sort());
    expect(deliveries.rows.map((r) => r.id)).not.toContain(d1);
    expect(deliveries.rows.map((r) => r.id)).not.toContain(d2);
    expect(deliveries.rows.map((r) => r.id)).not.toContain(d3);
    const logs = await db.pool.query("SELECT id FROM activity_logs");
    expect(logs.rows.map((r) => r.id).sort()).toEqual([oldMixed, recent, oldPending].sort());
    const attempts = await db.pool.query("SELECT count(*)::int AS n FROM webhook_delivery_attempts");
    expect(attempts.rows[0].n).toBe(3);
    const remaining = await db.pool.query("SELECT id FROM failed_webhooks ORDER BY id");
    expect(remaining.rows.map((r) => r.id)).toEqual([r3, r4]);
    const traceRows = await db.pool.query("SELECT id FROM ingest_trace_contexts");
    expect(traceRows.rows.map((r) => r.id)).toEqual([traces.rows[1].id]);

    expect(await purgeExpired({ days: 30 })).toMatchObject({
      deliveries: 0,
      activityLogs: 0,
      failedWebhooks: 0,
      ingestTraceContexts: 0,
    });
  });
});

describe("retention from the cron route", () => {
  it("the first cron call of an instance purges expired rows", async () => {
    const db = await useFreshDatabase();
    const orgId = await createOrg(db.pool);
    const dest = await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/a" });
    const logId = await createLog(db.pool, orgId);
    await db.pool.query("UPDATE activity_logs SET created_at = now() - interval '45 days' WHERE id = $1", [logId]);
    await db.pool.query(
      "INSERT INTO webhook_deliveries (destination_id, log_id, status, created_at) VALUES ($1, $2, 'delivered', now() - interval " +
        "'45 days')",
      [dest.id, logId],
    );
    process.env.RETENTION_DAYS = "30";
    const { GET } = await import("../../app/api/cron/dispatch/route");
    const response = await GET(
      new Request("http://127.0.0.1/api/cron/dispatch", {
        headers: { authorization: `Bearer ${process.env.CRON_SECRET}` },
      }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ claimed: 0, delivered: 0 });
    const { rows } = await db.pool.query(
      "SELECT (SELECT count(*)::int FROM activity_logs) AS logs, (SELECT count(*)::int FROM webhook_deliveries) AS deliveries",
    );
    expect(rows[0]).toEqual({ logs: 0, deliveries: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { GET as health } from "../../app/api/health/route";
import { GET as metricsRoute } from "../../app/api/metrics/route";
import { GET as ready } from "../../app/api/ready/route";
import { useFreshDatabase } from "../helpers/db";
import { createDestination, createLog, createOrg } from "../helpers/fixtures";

describe("health, readiness and metrics", () => {
  it("health answers without touching the database", async () => {
    const response = health();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("ready reports the database reachable and migrations current", async () => {
    await useFreshDatabase();
    const response = await ready();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, database: "ok", pendingMigrations: [], encryptionKey: "ok" });
  });

  it("metrics require the token and report deliveries by status, queue depth and dead letters", async () => {
    const db = await useFreshDatabase();
    const orgId = await createOrg(db.pool);
    const dest = await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/x" });
    for (let i = 0; i < 3; i++) {
      const logId = await createLog(db.pool, orgId);
      await db.pool.query(
        "INSERT INTO webhook_deliveries (destination_id, log_id, status, created_at) VALUES ($1, $2, $3, now() - interval '90 seconds')",
        [dest.id, logId, i === 0 ? "dead" : "pending"],
      );
    }
    await db.pool.query(`INSERT INTO failed_webhooks (webhook_payload_json) VALUES ('{"delivery_id":"m-1"}')`);

    delete process.env.METRICS_TOKEN;
    expect((await metricsRoute(new Request("http://t/api/metrics"))).status).toBe(404);
    process.env.METRICS_TOKEN = "scrape-token";
    expect(
      (await metricsRoute(new Request("http://t/api/metrics", { headers: { authorization: "Bearer wrong" } }))).status,
    ).toBe(401);
    const response = await metricsRoute(
      new Request("http://t/api/metrics", { headers: { authorization: "Bearer scrape-token" } }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/hookline_deliveries\{status="pending"\} 2/);
    expect(text).toMatch(/hookline_deliveries\{status="dead"\} 1/);
    expect(text).toMatch(/hookline_queue_due 2/);
    expect(text).toMatch(/hookline_dead_letters\{status="pending"\} 1/);
    const age = Number(/hookline_queue_oldest_due_age_seconds ([\d.]+)/.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(89);
  });
});

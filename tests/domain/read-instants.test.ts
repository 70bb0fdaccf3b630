// The process runs far from UTC here: a `timestamp without time zone` (holding UTC) read or sent
// as local time would be off by 13 hours, and every assertion below would fail.
process.env.TZ = "Pacific/Auckland";

import { beforeAll, describe, expect, it } from "vitest";
import { getActivityLog } from "../../lib/activity/get-activity-log";
import { listActivityLogs } from "../../lib/activity/list-activity-logs";
import { listAuditLogs } from "../../lib/activity/list-audit-logs";
import { getDeliveryDetail, listDeliveries } from "../../lib/deliveries";
import { getFailedWebhook, listFailedWebhooks } from "../../lib/failed-webhooks";
import { getDeliveryOverview } from "../../lib/overview/get-delivery-overview";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createOrg } from "../helpers/fixtures";

const WRITTEN = "2026-03-01 12:34:56.789";
const INSTANT = new Date("2026-03-01T12:34:56.789Z");
const LATER = "2026-03-01 12:35:00.5";
const plusMs = (ms: number) => new Date(INSTANT.getTime() + ms);

let db: TestDatabase;
let orgId: string;
let logId: string;
let deliveryId: string;
let failedId: string;

beforeAll(async () => {
  db = await useFreshDatabase();
  expect(new Date(0).getTimezoneOffset()).not.toBe(0);
  orgId = await createOrg(db.pool);
  const dest = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/instants" })).id;
  logId = (
    await db.pool.query<{ id: string }>(
      "INSERT INTO activity_logs (org_id, event_type, created_at) VALUES ($1, 'user.login', $2) RETURNING id",
      [orgId, WRITTEN],
    )
  ).rows[0]!.id;
  deliveryId = (
    await db.pool.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, created_at, last_attempt_at)
       VALUES ($1, $2, 'dead', 1, $3, $4) RETURNING id`,
      [dest, logId, WRITTEN, LATER],
    )
  ).rows[0]!.id;
  await db.pool.query(
    `INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, started_at, duration_ms, request_url, request_headers, outcome)
     VALUES ($1, 1, $2, 12, 'http://127.0.0.1:9/instants', '{}', 'failed')`,
    [deliveryId, LATER],
  );
  failedId = (
    await db.pool.query<{ id: string }>(
      `INSERT INTO failed_webhooks (webhook_payload_json, error_message, last_attempt_at, created_at, updated_at)
       VALUES ($1, 'HTTP 503', $3, $2, $2) RETURNING id::text`,
      [JSON.stringify({ delivery_id: deliveryId, destination_id: dest, log_id: logId, org_id: orgId }), WRITTEN, LATER],
    )
  ).rows[0]!.id;
  await db.pool.query(
    "INSERT INTO audit_logs (org_id, actor_label, action, target_type, created_at) VALUES ($1, 'tester', 'x.y', 'x', $2)",
    [orgId, WRITTEN],
  );
});

describe("instants through the list and detail readers", () => {
  it("reads timestamps as UTC, to the millisecond", async () => {
    const [row] = (await listDeliveries(orgId, {})).rows;
    expect(row!.createdAt).toEqual(INSTANT);
    expect(row!.lastAttemptAt!.toISOString()).toBe("2026-03-01T12:35:00.500Z");

    const detail = await getDeliveryDetail(orgId, deliveryId);
    expect(detail.delivery.createdAt).toEqual(INSTANT);
    expect(detail.log.createdAt).toEqual(INSTANT);
    expect(detail.attempts[0]!.startedAt.toISOString()).toBe("2026-03-01T12:35:00.500Z");

    const [failed] = (await listFailedWebhooks(orgId, {})).rows;
    expect(failed!.createdAt).toEqual(INSTANT);
    expect(failed!.updatedAt).toEqual(INSTANT);
    const failedDetail = await getFailedWebhook(orgId, failedId);
    expect(failedDetail.lastAttemptAt!.toISOString()).toBe("2026-03-01T12:35:00.500Z");
    expect(failedDetail.links.activityLog!.createdAt).toEqual(INSTANT);

    expect((await listActivityLogs(orgId, {})).rows[0]!.createdAt).toEqual(INSTANT);
    expect((await getActivityLog(orgId, logId)).createdAt).toEqual(INSTANT);
    expect((await listAuditLogs(orgId)).rows[0]!.createdAt).toEqual(INSTANT);
  });

  it("sends filter bounds as UTC: the written instant is inside [instant, instant + 1 ms) and nowhere else", async () => {
    const ids = async (from: Date, to: Date) => ({
      deliveries: (await listDeliveries(orgId, { createdFrom: from, createdTo: to })).rows.length,
      failed: (await listFailedWebhooks(orgId, { createdFrom: from, createdTo: to })).rows.length,
      activity: (await listActivityLogs(orgId, { from, to })).rows.length,
    });
    expect(await ids(INSTANT, plusMs(1))).toEqual({ deliveries: 1, failed: 1, activity: 1 });
    expect(await ids(plusMs(1), plusMs(60_000))).toEqual({ deliveries: 0, failed: 0, activity: 0 });
    expect(await ids(plusMs(-60_000), INSTANT)).toEqual({ deliveries: 0, failed: 0, activity: 0 });
  });

  it("buckets the overview by UTC hour", async () => {
    const overview = await getDeliveryOverview(orgId, "24h", new Date("2026-03-01T15:00:00Z"));
    expect(overview.counts["24h"].dead).toBe(1);
    const bucket = overview.timeline.find((b) => b.counts.dead === 1);
    expect(bucket?.start).toBe("2026-03-01T12:00:00.000Z");
  });
});

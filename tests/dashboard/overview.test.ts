import { beforeAll, describe, expect, it } from "vitest";
import { getDeliveryOverview, timelineGrid } from "../../lib/overview/get-delivery-overview";
import { DEAD_LETTER_COUNT_CAP, getQueueHealth } from "../../lib/overview/get-queue-health";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createDestination, createLog, createOrg } from "../helpers/fixtures";

let db: TestDatabase;
let orgId: string;
let otherOrgId: string;
let destA: string;
let destB: string;

async function delivery(
  destinationId: string,
  orgOf: string,
  status: string,
  ageMinutes: number,
  nextRetryMinutes: number | null = null,
) {
  const logId = await createLog(db.pool, orgOf);
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (destination_id, log_id, status, created_at, next_retry_at)
     VALUES ($1, $2, $3, now() - make_interval(mins => $4), CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(mins =>
       $5::int) END) RETURNING id`,
    [destinationId, logId, status, ageMinutes, nextRetryMinutes],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool, "Acme");
  otherOrgId = await createOrg(db.pool, "Other");
  destA = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/a", name: "Alpha" })).id;
  destB = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/b", name: "Bravo" })).id;
  const otherDest = (await createDestination(db.pool, otherOrgId, { url: "http://127.0.0.1:9/o", name: "Other" })).id;
  // Last 24 h: A 3 delivered, 1 dead; B 1 failed, 2 dead, 1 pending (the oldest waiting one is B's failed, 10 h old).
  for (let i = 0; i < 3; i++) await delivery(destA, orgId, "delivered", 30 + i);
  await delivery(destA, orgId, "dead", 60);
  await delivery(destB, orgId, "failed", 600, -5);
  await delivery(destB, orgId, "dead", 120);
  await delivery(destB, orgId, "dead", 180);
  await delivery(destB, orgId, "pending", 5);
  // 3 days old: counts for 7 d only.
  await delivery(destA, orgId, "delivered", 3 * 24 * 60);
  await delivery(destA, orgId, "dead", 3 * 24 * 60);
  // 8 days old: outside both windows.
  await delivery(destA, orgId, "delivered", 8 * 24 * 60);
  // Another org's rows never count.
  for (let i = 0; i < 5; i++) await delivery(otherDest, otherOrgId, "dead", 10);
  await db.pool.query(
    `INSERT INTO failed_webhooks (webhook_payload_json, status) VALUES
       (jsonb_build_object('delivery_id', 'x1', 'org_id', $1::text), 'pending'),
       (jsonb_build_object('delivery_id', 'x2', 'org_id', $1::text), 'pending'),
       (jsonb_build_object('delivery_id', 'x3', 'org_id', $1::text), 'retried'),
       (jsonb_build_object('delivery_id', 'x4', 'org_id', $2::text), 'pending')`,
    [orgId, otherOrgId],
  );
});

describe("getDeliveryOverview", () => {
  it("counts by status over 24 h and 7 d, scoped to the org", async () => {
    const o = await getDeliveryOverview(orgId, "24h");
    expect(o.counts["24h"]).toEqual({ pending: 1, delivered: 3, failed: 1, dead: 3 });
    expect(o.counts["7d"]).toEqual({ pending: 1, delivered: 4, failed: 1, dead: 4 });
    expect(o.successRate["24h"]).toBeCloseTo(3 / 7);
    expect(o.successRate["7d"]).toBeCloseTo(4 / 9);
  });

  it("puts every delivery of the range in exactly one timeline bucket", async () => {
    const day = await getDeliveryOverview(orgId, "24h");
    expect(day.timeline).toHaveLength(24);
    expect(day.bucketMinutes).toBe(60);
    const dayTotal = day.timeline.reduce(
      (s, b) => s + b.counts.delivered + b.counts.pending + b.counts.failed + b.counts.dead,
      0,
    );
    expect(dayTotal).toBe(8);
    const week = await getDeliveryOverview(orgId, "7d");
    expect(week.timeline).toHaveLength(28);
    const weekTotal = week.timeline.reduce(
      (s, b) => s + b.counts.delivered + b.counts.pending + b.counts.failed + b.counts.dead,
      0,
    );
    expect(weekTotal).toBe(10);
  });

  it("ranks failing destinations by failed + dead", async () => {
    const o = await getDeliveryOverview(orgId, "24h");
    expect(o.topFailing.map((d) => [d.name, d.failing, d.dead, d.total])).toEqual([
      ["Bravo", 3, 2, 4],
      ["Alpha", 1, 1, 4],
    ]);
    const week = await getDeliveryOverview(orgId, "7d");
    expect(week.topFailing.find((d) => d.id === destA)).toMatchObject({ failing: 2, total: 6 });
  });

  it("matches a direct count at every boundary: the 24 h and 7 d marks and each bucket start, for both ranges", async () => {
    const org = await createOrg(db.pool);
    const dests = [
      (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/x", name: "X" })).id,
      (await createDestination(db.pool, org, { url: "http://127.0.0.1:9/y", name: "Y" })).id,
    ];
    const now = new Date("2026-11-25T13:37:12.345Z");
    const H = 3600_000;
    // Instants on and around every edge, plus a spread over the week and a few outside it.
    const instants: number[] = [];
    for (const edge of [
      now.getTime() - 24 * H,
      now.getTime() - 168 * H,
      ...timelineGrid("24h", now).starts.map((d) => d.getTime()),
      ...timelineGrid("7d", now).starts.map((d) => d.getTime()),
    ]) {
      instants.push(edge - 1, edge, edge + 1);
    }
    for (let i = 0; i < 60; i++) instants.push(now.getTime() - ((i * 7919) % 180) * H - i * 1000);
    const statuses = ["pending", "delivered", "failed", "dead"];
    const logs = await db.pool.query<{ id: string }>(
      "INSERT INTO activity_logs (org_id, event_type, payload) SELECT $1, 'x', '{}' FROM generate_series(1, $2) RETURNING id",
      [org, instants.length],
    );
    await db.pool.query(
      `INSERT INTO webhook_deliveries (destination_id, log_id, status, created_at)
       SELECT ($1::uuid[])[1 + (n % 2)], l, ($2::text[])[1 + (n % 4)], t FROM unnest($3::uuid[], $4::timestamp[]) WITH ORDINALITY AS x(l,
         t, n)`,
      [dests, statuses, logs.rows.map((r) => r.id), instants.map((t) => new Date(t).toISOString())],
    );
    for (const range of ["24h", "7d"] as const) {
      const o = await getDeliveryOverview(org, range, now);
      const { starts, bucketMs } = timelineGrid(range, now);
      const { rows } = await db.pool.query<{ status: string; day: number; week: number }>(
        `SELECT status, count(*) FILTER (WHERE created_at >= $2)::int AS day, count(*)::int AS week FROM webhook_deliveries
          WHERE destination_id = ANY ($1) AND created_at >= $3 GROUP BY status`,
        [dests, new Date(now.getTime() - 24 * H).toISOString(), new Date(now.getTime() - 168 * H).toISOString()],
      );
      for (const status of statuses) {
        const row = rows.find((r) => r.status === status);
        expect(o.counts["24h"][status as keyof (typeof o.counts)["24h"]], `${range} 24h ${status}`).toBe(row?.day ?? 0);
        expect(o.counts["7d"][status as keyof (typeof o.counts)["7d"]], `${range} 7d ${status}`).toBe(row?.week ?? 0);
      }
      const timeline = await db.pool.query<{ bucket: Date; status: string; n: number }>(
        `SELECT date_bin(make_interval(secs => $3), created_at, timestamp '2000-01-01') AS bucket, status, count(*)::int AS n FROM
          webhook_deliveries
          WHERE destination_id = ANY ($1) AND created_at >= $2 GROUP BY 1, 2`,
        [dests, starts[0]!.toISOString(), bucketMs / 1000],
      );
      const expected = o.timeline.map((b) => ({
        start: b.start,
        counts: { pending: 0, delivered: 0, failed: 0, dead: 0 } as Record<string, number>,
      }));
      for (const r of timeline.rows) expected.find((b) => b.start === r.bucket.toISOString())!.counts[r.status] = r.n;
      expect(o.timeline, range).toEqual(expected);
      const failing = o.topFailing.reduce((sum, d) => sum + d.failing, 0);
      const source = range === "24h" ? "day" : "week";
      expect(failing).toBe(
        rows.filter((r) => r.status === "failed" || r.status === "dead").reduce((sum, r) => sum + r[source], 0),
      );
    }
  });

  it("shows nothing of an org with no deliveries", async () => {
    const o = await getDeliveryOverview(await createOrg(db.pool), "7d");
    expect(o.counts["7d"]).toEqual({ pending: 0, delivered: 0, failed: 0, dead: 0 });
    expect(o.successRate["7d"]).toBeNull();
    expect(o.topFailing).toEqual([]);
  });
});

describe("timelineGrid", () => {
  it("ends with the bucket holding now, aligned to the bucket size", () => {
    const now = new Date("2026-11-25T13:37:00Z");
    const { starts, bucketMs } = timelineGrid("7d", now);
    expect(bucketMs).toBe(6 * 3600_000);
    expect(starts.at(-1)!.toISOString()).toBe("2026-11-25T12:00:00.000Z");
    expect(starts[0]!.toISOString()).toBe("2026-11-18T18:00:00.000Z");
  });
});

describe("getQueueHealth", () => {
  it("finds the oldest undelivered delivery and the dead-letter queue size", async () => {
    const h = await getQueueHealth(orgId);
    expect(h.deadLetterPending).toBe(2);
    expect(Date.now() - h.oldestUndeliveredAt!.getTime()).toBeGreaterThan(590 * 60_000);
    expect(h.oldestUndeliveredAgeMs).toBeGreaterThan(590 * 60_000);
    expect(h.oldestUndeliveredAgeMs).toBeLessThan(610 * 60_000);
    const { rows } = await db.pool.query("SELECT destination_id FROM webhook_deliveries WHERE id = $1", [
      h.oldestUndeliveredId,
    ]);
    expect(rows[0].destination_id).toBe(destB);
  });

  it("counts pending dead letters up to the cap, then says there are more", async () => {
    const insertPending = (n: number) =>
      db.pool.query(
        `INSERT INTO failed_webhooks (webhook_payload_json, error_message)
         SELECT jsonb_build_object('delivery_id', gen_random_uuid(), 'org_id', $1::text), 'HTTP 500' FROM generate_series(1, $2::int)`,
        [orgId, n],
      );
    await insertPending(DEAD_LETTER_COUNT_CAP - 2);
    expect(await getQueueHealth(orgId)).toMatchObject({
      deadLetterPending: DEAD_LETTER_COUNT_CAP,
      deadLetterPendingCapped: false,
    });
    await insertPending(1);
    expect(await getQueueHealth(orgId)).toMatchObject({
      deadLetterPending: DEAD_LETTER_COUNT_CAP,
      deadLetterPendingCapped: true,
    });
    await db.pool.query(
      "DELETE FROM failed_webhooks WHERE error_message = 'HTTP 500' AND webhook_payload_json ? 'org_id'",
    );
  });
});

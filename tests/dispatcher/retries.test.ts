import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_MS, parseRetryAfter, retryDelayMs } from "../../lib/dispatcher/backoff";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { createDestination } from "../helpers/fixtures";
import { ok, respondWith } from "../../test-support/receiver";
import { attemptRows, deliveryRow, makeDue, secondsUntilRetry, seedDeliveries, useDispatchTestbed } from "./support";

const bed = useDispatchTestbed();

describe("backoff arithmetic", () => {
  it("doubles from retry_backoff_ms with ±20 % jitter and a 24 h cap", () => {
    expect(retryDelayMs(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(2, 1000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(3, 1000, () => 0.5)).toBe(4000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(3200);
    expect(retryDelayMs(3, 1000, () => 0.999999)).toBe(4800);
    expect(retryDelayMs(40, 30_000, () => 0.5)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(255, 30_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(1, 0)).toBe(0);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-25T10:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("999999999", now)).toBe(MAX_RETRY_DELAY_MS);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe("retries and dead-lettering", () => {
  it("follows the backoff schedule, then dead-letters with the full envelope", async () => {
    bed.receiver.respond(respondWith(500, '{"error":"internal"}'));
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: bed.receiver.url,
      retryMax: 4,
      retryBackoffMs: 10_000,
      name: "Flaky CRM",
      authType: "bearer",
      authConfig: { token: "tok-SECRET-123" },
    });
    const [id] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1, "invoice.paid");
    for (const [attempt, expectedSeconds] of [
      [1, 10],
      [2, 20],
      [3, 40],
    ] as const) {
      expect(await runDispatchCycle()).toMatchObject({ claimed: 1, failed: 1 });
      const row = await deliveryRow(bed.pool, id!);
      expect(row).toMatchObject({
        status: "failed",
        attempts: attempt,
        response_status: 500,
        error_message: "HTTP 500 Internal Server Error",
      });
      const wait = await secondsUntilRetry(bed.pool, id!);
      expect(wait).toBeGreaterThan(expectedSeconds * 0.8 - 1);
      expect(wait).toBeLessThanOrEqual(expectedSeconds * 1.2);
      await makeDue(bed.pool, [id!]);
    }
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, dead: 1 });
    const dead = await deliveryRow(bed.pool, id!);
    expect(dead).toMatchObject({ status: "dead", attempts: 4, next_retry_at: null });
    expect(await runDispatchCycle()).toMatchObject({ claimed: 0 });

    const { rows } = await bed.pool.query(
      "SELECT * FROM failed_webhooks WHERE webhook_payload_json ->> 'delivery_id' = $1",
      [id],
    );
    expect(rows).toHaveLength(1);
    const letter = rows[0];
    expect(letter).toMatchObject({
      status: "pending",
      error_message: "HTTP 500 Internal Server Error",
      attempt_count: 0,
    });
    expect(letter.last_attempt_at).toBeInstanceOf(Date);
    const logId = (await bed.pool.query("SELECT log_id FROM webhook_deliveries WHERE id = $1", [id])).rows[0].log_id;
    expect(letter.webhook_payload_json).toMatchObject({
      delivery_id: id,
      destination_id: destination.id,
      destination_name: "Flaky CRM",
      log_id: logId,
      org_id: bed.orgId,
      event_type: "invoice.paid",
      url: bed.receiver.url,
      attempts: 4,
      body: { id, type: "invoice.paid", data: { log_id: logId, payload: { n: 1 } } },
    });
    expect(JSON.stringify(letter.webhook_payload_json)).not.toContain("SECRET");
    expect((await attemptRows(bed.pool, id!)).map((a) => a.attempt_number)).toEqual([1, 2, 3, 4]);
  });

  it("a delivery that dies again reopens its dead letter instead of adding one", async () => {
    bed.receiver.respond(respondWith(502, "bad gateway"));
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, retryMax: 1 });
    const [id] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    await runDispatchCycle();
    // What an admin's retry does: the letter is marked retried and the delivery re-queued.
    await bed.pool.query(
      "UPDATE failed_webhooks SET status = 'retried', attempt_count = attempt_count + 1 WHERE webhook_payload_json ->> 'delivery_id' = $1",
      [id],
    );
    await bed.pool.query(
      "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_retry_at = NULL WHERE id = $1",
      [id],
    );
    bed.receiver.respond(respondWith(503, "maintenance"));
    expect(await runDispatchCycle()).toMatchObject({ dead: 1 });
    const { rows } = await bed.pool.query(
      "SELECT * FROM failed_webhooks WHERE webhook_payload_json ->> 'delivery_id' = $1",
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "pending",
      error_message: "HTTP 503 Service Unavailable",
      attempt_count: 1,
    });
  });

  it("honours Retry-After on 429 (seconds) and 503 (HTTP date)", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: bed.receiver.url,
      retryMax: 5,
      retryBackoffMs: 10,
    });
    const [a] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    bed.receiver.respond(respondWith(429, "slow down", { "retry-after": "120" }));
    await runDispatchCycle();
    expect(await deliveryRow(bed.pool, a!)).toMatchObject({ status: "failed", response_status: 429 });
    const wait = await secondsUntilRetry(bed.pool, a!);
    expect(wait).toBeGreaterThan(118);
    expect(wait).toBeLessThanOrEqual(120);

    const [b] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    bed.receiver.respond(respondWith(503, "later", { "retry-after": new Date(Date.now() + 300_000).toUTCString() }));
    await runDispatchCycle();
    const waitB = await secondsUntilRetry(bed.pool, b!);
    expect(waitB).toBeGreaterThan(290);
    expect(waitB).toBeLessThanOrEqual(301);

    // A Retry-After on another status is not a promise the receiver made about retries.
    const [c] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    bed.receiver.respond(respondWith(500, "x", { "retry-after": "3600" }));
    await runDispatchCycle();
    expect(await secondsUntilRetry(bed.pool, c!)).toBeLessThan(1);
    await bed.pool.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE destination_id = $1", [
      destination.id,
    ]);
  });

  it("410 Gone disables the destination, with a system audit entry naming the delivery", async () => {
    bed.receiver.respond(respondWith(410, "gone"));
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, retryMax: 5 });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 2);
    const first = ids[0];
    expect(await runDispatchCycle()).toMatchObject({ claimed: 2, failed: 2 });
    expect(
      (await bed.pool.query("SELECT enabled FROM webhook_destinations WHERE id = $1", [destination.id])).rows[0]
        .enabled,
    ).toBe(false);
    expect(await deliveryRow(bed.pool, first!)).toMatchObject({
      status: "failed",
      response_status: 410,
      error_message: "HTTP 410 Gone",
    });
    const audit = await bed.pool.query(
      "SELECT org_id, actor_user_id, actor_label, action, target_type, details FROM audit_logs WHERE target_id = $1",
      [destination.id],
    );
    expect(audit.rows).toEqual([
      {
        org_id: bed.orgId,
        actor_user_id: null,
        actor_label: "system",
        action: "destination.disabled_by_receiver",
        target_type: "destination",
        details: { deliveryId: expect.any(String), deliveryIds: expect.any(Array), responseStatus: 410 },
      },
    ]);
    expect(ids).toContain(audit.rows[0].details.deliveryId);
    expect([...audit.rows[0].details.deliveryIds].sort()).toEqual([...ids].sort());
    await makeDue(bed.pool, ids);
    bed.receiver.respond(ok);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 0 });
  });
});

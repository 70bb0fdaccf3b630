import { describe, expect, it } from "vitest";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { RESPONSE_BODY_LIMIT } from "../../lib/dispatcher/http-sender";
import { createDestination } from "../helpers/fixtures";
import {
  hugeBody,
  ok,
  redirectTo,
  resetConnection,
  respondWith,
  slow,
  tricklingBody,
} from "../../test-support/receiver";
import { attemptRows, deliveryRow, seedDeliveries, useDispatchTestbed } from "./support";

const bed = useDispatchTestbed();

async function oneDelivery(
  options: { timeoutMs?: number; retryMax?: number; path?: string } = {},
): Promise<{ id: string; destinationId: string }> {
  const destination = await createDestination(bed.pool, bed.orgId, {
    url: bed.receiver.url + (options.path ?? ""),
    timeoutMs: options.timeoutMs ?? 1000,
    retryMax: options.retryMax ?? 5,
    retryBackoffMs: 60_000,
  });
  const [id] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
  return { id: id!, destinationId: destination.id };
}

describe("delivery outcomes", () => {
  it("a 2xx marks the delivery delivered and keeps the response", async () => {
    bed.receiver.respond(ok);
    const { id } = await oneDelivery();
    const counts = await runDispatchCycle();
    expect(counts).toMatchObject({ claimed: 1, delivered: 1, failed: 0, dead: 0 });
    const row = await deliveryRow(bed.pool, id);
    expect(row).toMatchObject({
      status: "delivered",
      attempts: 1,
      response_status: 200,
      response_body: '{"ok":true}',
      error_message: null,
      next_retry_at: null,
    });
    expect(row.delivered_at).toBeInstanceOf(Date);
    const [attempt] = await attemptRows(bed.pool, id);
    expect(attempt).toMatchObject({
      attempt_number: 1,
      outcome: "delivered",
      response_status: 200,
      batch_size: 1,
      error: null,
    });
    expect(attempt!.request_headers["user-agent"]).toBe("Hookline/1.0");
    expect(attempt!.request_headers["webhook-id"]).toBe(id);
    expect(attempt!.response_headers?.["content-type"]).toBe("application/json");
  });

  it("stamps the outcome after the answer: delivered_at and last_attempt_at follow the attempt, a retry counts from it", async () => {
    // The cycle's transaction starts before its requests go out, so its now() is earlier than
    // any answer; the outcome must be stamped when it is written instead.
    bed.receiver.respond(slow(300));
    const delivered = await oneDelivery();
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
    const row = await deliveryRow(bed.pool, delivered.id);
    const [attempt] = await attemptRows(bed.pool, delivered.id);
    const answeredAt = attempt!.started_at.getTime() + attempt!.duration_ms;
    expect(attempt!.duration_ms).toBeGreaterThanOrEqual(290);
    expect(row.delivered_at!.getTime()).toBeGreaterThanOrEqual(answeredAt - 5);
    expect(row.last_attempt_at!.getTime()).toBeGreaterThanOrEqual(answeredAt - 5);

    // "Retry-After: 1" is an exact delay (no jitter): the retry is due a second after the answer.
    bed.receiver.respond(slow(300, respondWith(503, "busy", { "retry-after": "1" })));
    const failed = await oneDelivery();
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, failed: 1 });
    const failedRow = await deliveryRow(bed.pool, failed.id);
    const [failedAttempt] = await attemptRows(bed.pool, failed.id);
    const failedAnsweredAt = failedAttempt!.started_at.getTime() + failedAttempt!.duration_ms;
    expect(failedRow.next_retry_at!.getTime() - failedAnsweredAt).toBeGreaterThanOrEqual(1000 - 5);
    expect(failedRow.last_attempt_at!.getTime()).toBeGreaterThanOrEqual(failedAnsweredAt - 5);
  });

  it("a 500 is a failure with the status, body and error kept", async () => {
    bed.receiver.respond(respondWith(500, "boom"));
    const { id } = await oneDelivery();
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 0, failed: 1 });
    expect(await deliveryRow(bed.pool, id)).toMatchObject({
      status: "failed",
      attempts: 1,
      response_status: 500,
      response_body: "boom",
      error_message: "HTTP 500 Internal Server Error",
    });
    expect((await attemptRows(bed.pool, id))[0]).toMatchObject({ outcome: "http_error", response_status: 500 });
  });

  it("a redirect is not followed and counts as a failure", async () => {
    const before = bed.receiver.requests.length;
    bed.receiver.respond((request, response) =>
      request.url.startsWith("/elsewhere") ? ok(request, response) : redirectTo("/elsewhere", 301)(request, response),
    );
    const { id } = await oneDelivery();
    await runDispatchCycle();
    const row = await deliveryRow(bed.pool, id);
    expect(row).toMatchObject({ status: "failed", response_status: 301 });
    expect(row.error_message).toMatch(/redirect \(HTTP 301\) not followed/);
    expect(bed.receiver.requests.slice(before).map((r) => r.url)).toEqual(["/hook"]);
  });

  it("a receiver slower than the timeout is a timeout", async () => {
    bed.receiver.respond(slow(1500));
    const { id } = await oneDelivery({ timeoutMs: 300 });
    const started = Date.now();
    await runDispatchCycle();
    expect(Date.now() - started).toBeLessThan(1200);
    const row = await deliveryRow(bed.pool, id);
    expect(row).toMatchObject({ status: "failed", response_status: null, error_message: "timeout after 300 ms" });
    const [attempt] = await attemptRows(bed.pool, id);
    expect(attempt).toMatchObject({ outcome: "timeout" });
    expect(attempt!.duration_ms).toBeGreaterThanOrEqual(290);
  });

  it("an answer whose body trickles past the timeout is a timeout, keeping the status seen", async () => {
    // Each byte comes well inside the timeout, so only the timer over the whole exchange ends it.
    bed.receiver.respond(tricklingBody(50, 3000));
    const { id } = await oneDelivery({ timeoutMs: 400 });
    const started = Date.now();
    await runDispatchCycle();
    expect(Date.now() - started).toBeLessThan(1500);
    const [attempt] = await attemptRows(bed.pool, id);
    expect(attempt).toMatchObject({ outcome: "timeout", response_status: 200, error: "timeout after 400 ms" });
    expect((await deliveryRow(bed.pool, id)).status).toBe("failed");
  });

  it("a dropped connection is a network error", async () => {
    bed.receiver.respond(resetConnection);
    const { id } = await oneDelivery();
    await runDispatchCycle();
    const row = await deliveryRow(bed.pool, id);
    expect(row.status).toBe("failed");
    expect(row.error_message).toBeTruthy();
    expect((await attemptRows(bed.pool, id))[0]).toMatchObject({ outcome: "network_error", response_status: null });
  });

  it("a connection refused is a network error", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: "http://127.0.0.1:9/hook",
      timeoutMs: 1000,
    });
    const [id] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    await runDispatchCycle();
    expect((await deliveryRow(bed.pool, id!)).error_message).toMatch(/ECONNREFUSED/);
    expect((await attemptRows(bed.pool, id!))[0]!.outcome).toBe("network_error");
  });

  it("the envelope carries text fields and the payload exactly as stored, alone and in a batch", async () => {
    // A number past 2^53 is sent with the digits ingest stored (JSON.parse would have rounded it);
    // quotes, backslashes, control characters and non-ASCII text in both text fields and payload.
    const payloadJson =
      '{"big": 12345678901234567890123, "price": 1.50, "text": "a \\"quoted\\" \\\\ line\\nnext \\u0001 é 😀", ' +
      '"nested": {"list": [1, null, true, {"k": "v"}]}}';
    const content = 'He said "hi" \\ \n and left 😀';
    for (const batchSize of [1, 3]) {
      bed.receiver.respond(ok);
      const before = bed.receiver.requests.length;
      const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, batchSize });
      const { rows } = await bed.pool.query<{ id: string; log_id: string; created_at: Date; payload: unknown }>(
        `WITH l AS (
           INSERT INTO activity_logs (org_id, event_type, event_category, client_name, content, payload)
           VALUES ($1, 'order.paid', 'billing', 'Shop "Nord"', $2, $3::jsonb) RETURNING id, created_at, payload)
         INSERT INTO webhook_deliveries (destination_id, log_id)
         SELECT $4, id FROM l RETURNING id, log_id, (SELECT created_at FROM l), (SELECT payload FROM l)`,
        [bed.orgId, content, payloadJson, destination.id],
      );
      const row = rows[0]!;
      await runDispatchCycle();
      const raw = bed.receiver.requests[before]!.body;
      // Compact as JSON.stringify writes it (jsonb's spaces gone, those inside strings kept), digits exact.
      expect(raw).toContain(
        '"payload":{"big":12345678901234567890123,"text":"a \\"quoted\\" \\\\ line\\nnext \\u0001 é 😀","price":1.50,',
      );
      const parsed = JSON.parse(raw) as unknown;
      const envelope = batchSize > 1 ? (parsed as unknown[])[0] : parsed;
      expect(Array.isArray(parsed)).toBe(batchSize > 1);
      expect(envelope).toEqual({
        id: row.id,
        type: "order.paid",
        timestamp: row.created_at.toISOString(),
        data: {
          log_id: row.log_id,
          employee_id: null,
          session_id: null,
          client_name: 'Shop "Nord"',
          client_version: null,
          event_category: "billing",
          content,
          payload: row.payload,
        },
      });
    }
  });

  it("a huge response body is cut at 4 KiB without downloading it", async () => {
    bed.receiver.respond(hugeBody(50 * 1024 * 1024));
    const { id } = await oneDelivery({ timeoutMs: 5000 });
    const started = Date.now();
    await runDispatchCycle();
    expect(Date.now() - started).toBeLessThan(3000);
    const row = await deliveryRow(bed.pool, id);
    expect(row.status).toBe("delivered");
    expect(row.response_body).toHaveLength(RESPONSE_BODY_LIMIT);
    expect((await attemptRows(bed.pool, id))[0]!.response_body).toHaveLength(RESPONSE_BODY_LIMIT);
  });

  it("NUL characters in an answer do not break the write", async () => {
    bed.receiver.respond(respondWith(500, "bad\u0000body"));
    const { id } = await oneDelivery();
    await runDispatchCycle();
    expect((await deliveryRow(bed.pool, id)).response_body).toBe("badbody");
  });

  it("the envelope carries the event", async () => {
    bed.receiver.respond(ok);
    const before = bed.receiver.requests.length;
    const { id } = await oneDelivery();
    await runDispatchCycle();
    const body = JSON.parse(bed.receiver.requests[before]!.body) as Record<string, unknown>;
    const { rows } = await bed.pool.query(
      "SELECT l.id, l.created_at FROM webhook_deliveries d JOIN activity_logs l ON l.id = d.log_id WHERE d.id = $1",
      [id],
    );
    expect(body).toEqual({
      id,
      type: "user.login",
      timestamp: (rows[0].created_at as Date).toISOString(),
      data: {
        log_id: rows[0].id,
        employee_id: null,
        session_id: null,
        client_name: null,
        client_version: null,
        event_category: "test",
        content: "event 1",
        payload: { n: 1 },
      },
    });
    expect(bed.receiver.requests[before]!.headers["content-type"]).toBe("application/json");
  });
});

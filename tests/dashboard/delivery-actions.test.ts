import { beforeAll, describe, expect, it } from "vitest";
import { cancelDeliveriesAction, countDeliveryTargetsAction, retryDeliveriesAction } from "@/actions/deliveries";
import {
  countFailedWebhookTargetsAction,
  discardFailedWebhooksAction,
  retryFailedWebhooksAction,
} from "@/actions/failures";
import { listAuditLogs } from "../../lib/activity/list-audit-logs";
import { streamAction } from "../../lib/actions/stream-action";
import { createDestination, createLog } from "../helpers/fixtures";
import { sessionUser, useDashboardTestbed } from "./session-users";

const bed = useDashboardTestbed();
let destA: string;
let destB: string;
const ids: Record<string, string[]> = { pending: [], failed: [], dead: [], delivered: [] };
const deadLetters: string[] = [];

async function delivery(destinationId: string, status: string, error: string | null = null) {
  const logId = await createLog(bed.pool, bed.orgId, "invoice.paid", { amount: 1 });
  const { rows } = await bed.pool.query<{ id: string }>(
    "INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, error_message, response_status) VALUES ($1, $2, " +
      "$3, $4, $5, $6) RETURNING id",
    [
      destinationId,
      logId,
      status,
      status === "pending" ? 0 : 3,
      error,
      error ? 503 : status === "delivered" ? 200 : null,
    ],
  );
  const id = rows[0]!.id;
  if (status === "dead") {
    const f = await bed.pool.query<{ id: string }>(
      "INSERT INTO failed_webhooks (webhook_payload_json, error_message) VALUES (jsonb_build_object('delivery_id', $1::text, " +
        "'org_id', $2::text, 'destination_id', $3::text, 'log_id', $4::text, 'event_type', 'invoice.paid'), $5) RETURNING id::text",
      [id, bed.orgId, destinationId, logId, error],
    );
    deadLetters.push(f.rows[0]!.id);
  }
  return id;
}

beforeAll(async () => {
  destA = (await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/a", name: "A" })).id;
  destB = (await createDestination(bed.pool, bed.orgId, { url: "http://127.0.0.1:9/b", name: "B" })).id;
  for (const dest of [destA, destB]) {
    for (let i = 0; i < 3; i++) ids.dead!.push(await delivery(dest, "dead", "HTTP 503 Service Unavailable"));
    for (let i = 0; i < 2; i++) ids.failed!.push(await delivery(dest, "failed", "HTTP 503 Service Unavailable"));
    ids.pending!.push(await delivery(dest, "pending"));
    ids.delivered!.push(await delivery(dest, "delivered"));
  }
});

async function statusOf(id: string): Promise<string> {
  return (await bed.pool.query("SELECT status FROM webhook_deliveries WHERE id = $1", [id])).rows[0].status;
}

describe("deliveries actions", () => {
  it("counts what each bulk action would change for the table's URL", async () => {
    const result = await countDeliveryTargetsAction.run(bed.viewer, { query: `destinationId=${destA}` });
    expect(result).toEqual({
      ok: true,
      data: {
        matching: { count: 7, estimated: false },
        retryable: { count: 5, estimated: false },
        cancellable: { count: 3, estimated: false },
      },
    });
    const onlyDelivered = await countDeliveryTargetsAction.run(bed.viewer, { query: "status=delivered" });
    expect(onlyDelivered.ok && onlyDelivered.data.retryable.count).toBe(0);
  });

  it("refuses a viewer and leaves the rows alone", async () => {
    expect(await retryDeliveriesAction.run(bed.viewer, { ids: [ids.dead![0]] })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await cancelDeliveriesAction.run(bed.viewer, { query: "" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await statusOf(ids.dead![0]!)).toBe("dead");
  });

  it("answers not found for another org's delivery, and changes nothing", async () => {
    expect(await retryDeliveriesAction.run(bed.otherAdmin, { ids: [ids.dead![0]] })).toMatchObject({
      ok: false,
      code: "not_found",
      error: "Delivery not found",
    });
    expect(await cancelDeliveriesAction.run(bed.otherAdmin, { ids: [ids.pending![0], ids.failed![0]] })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    // "All matching" in the other org matches nothing of this one.
    expect(await retryDeliveriesAction.run(bed.otherAdmin, { query: "status=dead" })).toEqual({
      ok: true,
      data: { count: 0 },
    });
    expect(await statusOf(ids.dead![0]!)).toBe("dead");
    expect(await statusOf(ids.pending![0]!)).toBe("pending");
  });

  it("retries one delivery by id and marks its dead letter retried", async () => {
    expect(await retryDeliveriesAction.run(bed.admin, { ids: [ids.dead![0]] })).toEqual({
      ok: true,
      data: { count: 1 },
    });
    const { rows } = await bed.pool.query(
      "SELECT status, attempts, next_retry_at FROM webhook_deliveries WHERE id = $1",
      [ids.dead![0]],
    );
    expect(rows[0]).toEqual({ status: "pending", attempts: 0, next_retry_at: null });
    const letter = await bed.pool.query(
      "SELECT status, attempt_count FROM failed_webhooks WHERE webhook_payload_json ->> 'delivery_id' = $1",
      [ids.dead![0]],
    );
    expect(letter.rows[0]).toEqual({ status: "retried", attempt_count: 1 });
  });

  it("retries everything matching the URL's filter, reporting progress", async () => {
    const progress: number[] = [];
    const result = await retryDeliveriesAction.run(
      bed.admin,
      { query: `status=failed,dead&destinationId=${destB}&cursor=ignored&live=true` },
      { onProgress: (n) => progress.push(n) },
    );
    expect(result).toEqual({ ok: true, data: { count: 5 } });
    expect(progress.at(-1)).toBe(5);
    const { rows } = await bed.pool.query(
      "SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE destination_id = $1 GROUP BY 1 ORDER BY 1",
      [destB],
    );
    expect(rows).toEqual([
      { status: "delivered", n: 1 },
      { status: "pending", n: 6 },
    ]);
    const audit = await listAuditLogs(bed.orgId, { action: "deliveries." });
    expect(audit.rows[0]).toMatchObject({ action: "deliveries.retried", actorLabel: bed.admin.email });
  });

  it("marks pending and failed deliveries dead; each lands in the dead-letter table", async () => {
    const target = [ids.pending![0]!, ids.failed![0]!];
    expect(await cancelDeliveriesAction.run(bed.admin, { ids: target })).toEqual({ ok: true, data: { count: 2 } });
    for (const id of target) expect(await statusOf(id)).toBe("dead");
    const letters = await bed.pool.query(
      "SELECT count(*)::int AS n FROM failed_webhooks WHERE webhook_payload_json ->> 'delivery_id' = ANY($1::text[]) AND status " +
        "= 'pending'",
      [target],
    );
    expect(letters.rows[0].n).toBe(2);
  });

  it("validates the target", async () => {
    expect(await retryDeliveriesAction.run(bed.admin, { ids: [] })).toMatchObject({
      ok: false,
      code: "validation_failed",
      fieldErrors: { ids: ["Select at least one delivery"] },
    });
    expect(await retryDeliveriesAction.run(bed.admin, { ids: ["not-a-uuid"] })).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });
});

describe("failures actions", () => {
  it("refuses leads and viewers, and another org's rows are not found", async () => {
    const lead = await sessionUser(bed.pool, bed.orgId, "lead");
    expect(await retryFailedWebhooksAction.run(lead, { ids: [deadLetters[1]] })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await discardFailedWebhooksAction.run(bed.viewer, { ids: [deadLetters[1]] })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await discardFailedWebhooksAction.run(bed.otherAdmin, { ids: [deadLetters[1]] })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await retryFailedWebhooksAction.run(bed.otherAdmin, { ids: ["999999"] })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    const { rows } = await bed.pool.query("SELECT status FROM failed_webhooks WHERE id = $1", [deadLetters[1]]);
    expect(rows[0].status).toBe("pending");
  });

  it("discards one, then retries everything pending or discarded matching a filter", async () => {
    expect(await discardFailedWebhooksAction.run(bed.admin, { ids: [deadLetters[1]] })).toEqual({
      ok: true,
      data: { count: 1 },
    });
    const counts = await countFailedWebhookTargetsAction.run(bed.admin, { query: `destinationId=${destA}` });
    // Destination A: #0 retried, #1 discarded, #2 pending, and the two rows the cancel above wrote.
    expect(counts.ok && counts.data).toMatchObject({
      matching: { count: 5 },
      retryable: { count: 4 },
      discardable: { count: 3 },
    });
    const result = await retryFailedWebhooksAction.run(bed.admin, {
      query: `destinationId=${destA}&status=pending,failed_permanently`,
    });
    expect(result).toMatchObject({ ok: true, data: { count: 4, skipped: 0 } });
    const { rows } = await bed.pool.query(
      "SELECT f.status AS letter, d.status AS delivery FROM failed_webhooks f JOIN webhook_deliveries d ON d.id::text = " +
        "f.webhook_payload_json ->> 'delivery_id' WHERE f.id = ANY($1::bigint[]) ORDER BY f.id",
      [deadLetters.slice(0, 3)],
    );
    expect(rows).toEqual([
      { letter: "retried", delivery: "pending" },
      { letter: "retried", delivery: "pending" },
      { letter: "retried", delivery: "pending" },
    ]);
  });
});

describe("bulk progress route", () => {
  it("refuses a cross-site request before anything runs", async () => {
    const request = new Request("http://127.0.0.1:3000/deliveries/bulk?action=retry", {
      method: "POST",
      headers: { origin: "http://evil.test", host: "127.0.0.1:3000", "content-type": "application/json" },
      body: JSON.stringify({ query: "" }),
    });
    const response = await streamAction(request, retryDeliveriesAction);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "forbidden" });
  });
});

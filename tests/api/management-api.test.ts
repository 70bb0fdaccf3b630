import { beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "../../app/api/v1/deliveries/route";
import * as delivery from "../../app/api/v1/deliveries/[id]/route";
import * as deliveryRetry from "../../app/api/v1/deliveries/[id]/retry/route";
import * as destinations from "../../app/api/v1/destinations/route";
import * as destination from "../../app/api/v1/destinations/[id]/route";
import * as rotate from "../../app/api/v1/destinations/[id]/rotate-secret/route";
import * as failed from "../../app/api/v1/failed-webhooks/route";
import * as failedOne from "../../app/api/v1/failed-webhooks/[id]/route";
import * as failedRetry from "../../app/api/v1/failed-webhooks/[id]/retry/route";
import * as failedDiscard from "../../app/api/v1/failed-webhooks/[id]/discard/route";
import { decryptSecret } from "../../lib/crypto/secret-box";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createLog, createOrg } from "../helpers/fixtures";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let db: TestDatabase;
let orgId: string;
let key: string;
let otherKey: string;
let foreignDestination: string;

async function call(
  handler: unknown,
  method: string,
  path: string,
  options: { body?: unknown; params?: Record<string, string>; apiKey?: string | null } = {},
) {
  const apiKey = options.apiKey === undefined ? key : options.apiKey;
  const request = new Request(`http://localhost${path}`, {
    method,
    headers: {
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const res = await (handler as Handler)(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** A dead delivery with its dead letter in `org`. */
async function deadDelivery(org: string, dest: string): Promise<{ deliveryId: string; failedId: string }> {
  const logId = await createLog(db.pool, org, "invoice.failed", { amount: 5 });
  const d = await db.pool.query<{ id: string }>(
    "INSERT INTO webhook_deliveries (destination_id, log_id, status, attempts, error_message, response_status) VALUES ($1, $2, " +
      "'dead', 3, 'HTTP 500', 500) RETURNING id",
    [dest, logId],
  );
  const deliveryId = d.rows[0]!.id;
  const f = await db.pool.query<{ id: string }>(
    "INSERT INTO failed_webhooks (webhook_payload_json, error_message) VALUES ($1, 'HTTP 500') RETURNING id::text",
    [
      JSON.stringify({
        delivery_id: deliveryId,
        destination_id: dest,
        org_id: org,
        log_id: logId,
        event_type: "invoice.failed",
      }),
    ],
  );
  return { deliveryId, failedId: f.rows[0]!.id };
}

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  const otherOrg = await createOrg(db.pool);
  key = await createApiKey(db.pool, orgId, ["manage"]);
  otherKey = await createApiKey(db.pool, otherOrg, ["manage"]);
  foreignDestination = (await createDestination(db.pool, otherOrg, { url: "http://127.0.0.1:9/foreign" })).id;
});

describe("destinations API", () => {
  it("creates, reads, updates, rotates and deletes a destination", async () => {
    const created = await call(destinations.POST, "POST", "/api/v1/destinations", {
      body: {
        name: "Orders",
        url: "http://127.0.0.1:9/orders",
        auth_type: "basic",
        auth_config: { username: "svc", password: "pa55word-very-long" },
        event_types: ["order.created"],
        event_filter: { region: "eu" },
        batch_size: 10,
        retry_max: 2,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.destination.id;
    expect(created.headers.get("location")).toBe(`/api/v1/destinations/${id}`);
    expect(created.body.signing_secret).toMatch(/^whsec_/);
    expect(created.body.destination).toMatchObject({
      name: "Orders",
      batch_size: 10,
      retry_max: 2,
      event_types: ["order.created"],
      auth_type: "basic",
      auth_config: { username: "svc", password_masked: "••••••••long" },
    });
    // Stored as sent: the snake_case fields are not dropped (the bug of issue 10 §2).
    const row = await db.pool.query(
      "SELECT event_types, retry_max, batch_size FROM webhook_destinations WHERE id = $1",
      [id],
    );
    expect(row.rows[0]).toEqual({ event_types: ["order.created"], retry_max: 2, batch_size: 10 });
    expect(JSON.stringify(created.body.destination)).not.toContain("pa55word");

    const got = await call(destination.GET, "GET", `/api/v1/destinations/${id}`, { params: { id } });
    expect(got.status).toBe(200);
    expect(got.body.event_filter).toEqual({ region: "eu" });
    expect(JSON.stringify(got.body)).not.toContain(created.body.signing_secret);

    const patched = await call(destination.PATCH, "PATCH", `/api/v1/destinations/${id}`, {
      params: { id },
      body: { enabled: false, retry_max: 9 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      enabled: false,
      retry_max: 9,
      name: "Orders",
      auth_type: "basic",
      auth_config: { username: "svc" },
    });

    const rotated = await call(rotate.POST, "POST", `/api/v1/destinations/${id}/rotate-secret`, { params: { id } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.signing_secret).not.toBe(created.body.signing_secret);
    const stored = await db.pool.query(
      "SELECT w.signing_secret AS current, p.signing_secret AS previous FROM webhook_destinations w JOIN " +
        "destination_previous_secrets p ON p.destination_id = w.id WHERE w.id = $1",
      [id],
    );
    expect(decryptSecret(stored.rows[0].current, "signing_secret")).toBe(rotated.body.signing_secret);
    expect(decryptSecret(stored.rows[0].previous, "signing_secret")).toBe(created.body.signing_secret);

    const list = await call(destinations.GET, "GET", "/api/v1/destinations");
    expect(list.body.data.map((d: { id: string }) => d.id)).toContain(id);
    expect(list.body.data[0]).toHaveProperty("hourly");

    const removed = await call(destination.DELETE, "DELETE", `/api/v1/destinations/${id}`, { params: { id } });
    expect(removed).toMatchObject({ status: 200, body: { id, deleted: true, cascaded_deliveries: 0 } });
    expect((await call(destination.GET, "GET", `/api/v1/destinations/${id}`, { params: { id } })).status).toBe(404);
    const audit = await db.pool.query("SELECT action, actor_label FROM audit_logs WHERE target_id = $1 ORDER BY id", [
      id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual([
      "destination.created",
      "destination.updated",
      "destination.secret_rotated",
      "destination.deleted",
    ]);
    expect(audit.rows[0].actor_label).toMatch(/^API key hk_/);
  });

  it("answers 400 with field errors for bad bodies, never 500", async () => {
    const bad = await call(destinations.POST, "POST", "/api/v1/destinations", {
      body: { name: "", url: "javascript:alert(1)", auth_type: "bearer", timeout_ms: "fast" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.field_errors).sort()).toEqual(["auth_config.token", "name", "timeout_ms", "url"]);
    expect((await call(destinations.POST, "POST", "/api/v1/destinations", { body: "{not json" })).status).toBe(400);
    expect((await call(destinations.POST, "POST", "/api/v1/destinations", { body: [] })).status).toBe(400);
    expect(
      (
        await call(destinations.POST, "POST", "/api/v1/destinations", {
          body: { name: "x", url: "http://127.0.0.1:9/", extra: "a".repeat(70_000) },
        })
      ).status,
    ).toBe(413);
  });

  it("refuses camelCase and unknown fields with a 400 naming each (and the field meant), storing nothing", async () => {
    const before = (await db.pool.query("SELECT count(*)::int AS n FROM webhook_destinations")).rows[0].n;
    const camel = await call(destinations.POST, "POST", "/api/v1/destinations", {
      body: { name: "Camel", url: "http://127.0.0.1:9/camel", eventTypes: ["order.created"], retryMax: 2 },
    });
    expect(camel.status).toBe(400);
    expect(camel.body).toEqual({
      code: "validation_failed",
      message: expect.any(String),
      field_errors: {
        eventTypes: ["Unknown field; did you mean event_types?"],
        retryMax: ["Unknown field; did you mean retry_max?"],
      },
    });
    const nested = await call(destinations.POST, "POST", "/api/v1/destinations", {
      body: {
        name: "Nested",
        url: "http://127.0.0.1:9/nested",
        auth_type: "header",
        auth_config: { headerName: "X-Key", value: "v" },
        colour: "red",
      },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.field_errors).toMatchObject({
      "auth_config.headerName": ["Unknown field; did you mean name?"],
      colour: ["Unknown field"],
    });
    const stringly = await call(destinations.POST, "POST", "/api/v1/destinations", {
      body: { name: "Strings", url: "http://127.0.0.1:9/strings", retry_max: "2" },
    });
    expect(stringly.body.field_errors).toEqual({ retry_max: ["Must be a whole number"] });
    expect((await db.pool.query("SELECT count(*)::int AS n FROM webhook_destinations")).rows[0].n).toBe(before);

    const id = foreignDestination;
    const own = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/own", retryMax: 3 })).id;
    const patch = await call(destination.PATCH, "PATCH", `/api/v1/destinations/${own}`, {
      params: { id: own },
      body: { retryMax: 9 },
    });
    expect(patch.body.field_errors).toEqual({ retryMax: ["Unknown field; did you mean retry_max?"] });
    expect((await db.pool.query("SELECT retry_max FROM webhook_destinations WHERE id = $1", [own])).rows[0]).toEqual({
      retry_max: 3,
    });
    const rotateWithBody = await call(rotate.POST, "POST", `/api/v1/destinations/${own}/rotate-secret`, {
      params: { id: own },
      body: { keep_previous: false },
    });
    expect(rotateWithBody.status).toBe(400);
    expect(Object.keys(rotateWithBody.body.field_errors)).toEqual(["keep_previous"]);
    expect(id).not.toBe(own);
  });

  it("answers 415 to a body that is not JSON and 403 to a key without the manage scope", async () => {
    const form = await destinations.POST(
      new Request("http://localhost/api/v1/destinations", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/x-www-form-urlencoded" },
        body: "name=x&url=http://127.0.0.1:9/",
      }),
      { params: Promise.resolve({}) },
    );
    expect(form.status).toBe(415);
    expect((await form.json()).code).toBe("unsupported_media_type");
    const ingestOnly = await createApiKey(db.pool, orgId, ["ingest"]);
    const refused = await call(destinations.GET, "GET", "/api/v1/destinations", { apiKey: ingestOnly });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      code: "insufficient_scope",
      message: expect.stringMatching(/needs the manage scope/),
    });
  });

  it("answers 404 for another org's destination and for malformed ids, on every method", async () => {
    for (const id of [foreignDestination, "not-a-uuid", "00000000-0000-0000-0000-000000000000"]) {
      expect((await call(destination.GET, "GET", `/api/v1/destinations/${id}`, { params: { id } })).status).toBe(404);
      expect(
        (await call(destination.PATCH, "PATCH", `/api/v1/destinations/${id}`, { params: { id }, body: { name: "x" } }))
          .status,
      ).toBe(404);
      expect((await call(destination.DELETE, "DELETE", `/api/v1/destinations/${id}`, { params: { id } })).status).toBe(
        404,
      );
      expect(
        (await call(rotate.POST, "POST", `/api/v1/destinations/${id}/rotate-secret`, { params: { id } })).status,
      ).toBe(404);
    }
    expect(
      (await db.pool.query("SELECT count(*)::int AS n FROM webhook_destinations WHERE id = $1", [foreignDestination]))
        .rows[0].n,
    ).toBe(1);
  });

  it("answers 401 without a valid key", async () => {
    expect((await call(destinations.GET, "GET", "/api/v1/destinations", { apiKey: null })).status).toBe(401);
    expect((await call(destinations.GET, "GET", "/api/v1/destinations", { apiKey: "hk_nope" })).status).toBe(401);
  });
});

describe("deliveries API", () => {
  let dest: string;
  let dead: { deliveryId: string; failedId: string };

  beforeAll(async () => {
    dest = (await createDestination(db.pool, orgId, { name: "Sink", url: "http://127.0.0.1:9/sink" })).id;
    dead = await deadDelivery(orgId, dest);
    for (let i = 0; i < 5; i++) {
      const logId = await createLog(db.pool, orgId, "user.login");
      await db.pool.query(
        "INSERT INTO webhook_deliveries (destination_id, log_id, status, created_at) VALUES ($1, $2, 'delivered', now() - " +
          "make_interval(hours => $3))",
        [dest, logId, i],
      );
    }
  });

  it("lists with filters and cursor pagination", async () => {
    const first = await call(deliveries.GET, "GET", `/api/v1/deliveries?destination_id=${dest}&limit=4`);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(4);
    expect(first.body.prev_cursor).toBeNull();
    const second = await call(
      deliveries.GET,
      "GET",
      `/api/v1/deliveries?destination_id=${dest}&limit=4&cursor=${first.body.next_cursor}`,
    );
    expect(second.body.data).toHaveLength(2);
    expect(second.body.next_cursor).toBeNull();
    const back = await call(
      deliveries.GET,
      "GET",
      `/api/v1/deliveries?destination_id=${dest}&limit=4&direction=prev&cursor=${second.body.prev_cursor}`,
    );
    expect(back.body.data).toEqual(first.body.data);
    const deadOnly = await call(deliveries.GET, "GET", "/api/v1/deliveries?status=dead&event_type=invoice.failed");
    expect(deadOnly.body.data.map((d: { id: string }) => d.id)).toEqual([dead.deliveryId]);
    const from = new Date(Date.now() - 2.5 * 3_600_000).toISOString();
    const recent = await call(
      deliveries.GET,
      "GET",
      `/api/v1/deliveries?status=delivered&destination_id=${dest}&from=${encodeURIComponent(from)}`,
    );
    expect(recent.body.data).toHaveLength(3);
    const foreign = await call(deliveries.GET, "GET", "/api/v1/deliveries", { apiKey: otherKey });
    expect(foreign.body.data).toEqual([]);
  });

  it("answers 400 for bad query parameters and cursors", async () => {
    const bad = await call(
      deliveries.GET,
      "GET",
      "/api/v1/deliveries?status=gone&destination_id=x&from=soon&limit=0&sort=id.asc&bogus=1",
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.field_errors).sort()).toEqual([
      "bogus",
      "destination_id.0",
      "from",
      "limit",
      "sort",
      "status.0",
    ]);
    const camel = await call(deliveries.GET, "GET", `/api/v1/deliveries?destinationId=${dest}`);
    expect(camel.body.field_errors).toEqual({ destinationId: ["Unknown field; did you mean destination_id?"] });
    expect((await call(deliveries.GET, "GET", "/api/v1/deliveries?cursor=forged")).status).toBe(400);
    // Well-formed cursors with values PostgreSQL could not cast, and text it could not store.
    const forge = (value: string) =>
      Buffer.from(JSON.stringify(["created_at.desc", value, "11111111-1111-4111-8111-111111111111"])).toString(
        "base64url",
      );
    for (const cursor of [forge("not a time"), forge("2026-13-45 99:99:99")]) {
      const res = await call(deliveries.GET, "GET", `/api/v1/deliveries?cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
    }
    expect((await call(deliveries.GET, "GET", "/api/v1/deliveries?q=%00")).status).toBe(400);
    expect((await call(deliveries.GET, "GET", "/api/v1/deliveries?event_type=%ED%A0%80")).status).toBe(200);
    expect((await call(failed.GET, "GET", "/api/v1/failed-webhooks?q=a%00b")).status).toBe(400);
    expect(
      (
        await call(destinations.POST, "POST", "/api/v1/destinations", {
          body: { name: "nul\u0000", url: "http://127.0.0.1:9/" },
        })
      ).status,
    ).toBe(400);
  });

  it("returns one delivery with attempts, retries it, and refuses another org's", async () => {
    const detail = await call(delivery.GET, "GET", `/api/v1/deliveries/${dead.deliveryId}`, {
      params: { id: dead.deliveryId },
    });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      delivery: { id: dead.deliveryId, status: "dead" },
      log: { payload: { amount: 5 } },
      attempts: [],
      failed_webhook: { id: dead.failedId, status: "pending" },
    });
    expect(
      (
        await call(delivery.GET, "GET", `/api/v1/deliveries/${dead.deliveryId}`, {
          params: { id: dead.deliveryId },
          apiKey: otherKey,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(deliveryRetry.POST, "POST", `/api/v1/deliveries/${dead.deliveryId}/retry`, {
          params: { id: dead.deliveryId },
          apiKey: otherKey,
        })
      ).status,
    ).toBe(404);
    expect((await call(delivery.GET, "GET", "/api/v1/deliveries/xyz", { params: { id: "xyz" } })).status).toBe(404);
    const retried = await call(deliveryRetry.POST, "POST", `/api/v1/deliveries/${dead.deliveryId}/retry`, {
      params: { id: dead.deliveryId },
    });
    expect(retried).toMatchObject({ status: 202, body: { id: dead.deliveryId, status: "pending" } });
    const again = await call(deliveryRetry.POST, "POST", `/api/v1/deliveries/${dead.deliveryId}/retry`, {
      params: { id: dead.deliveryId },
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: "conflict", message: expect.stringMatching(/pending/) });
  });
});

describe("failed webhooks API", () => {
  it("lists, retries and discards, with 404 for another org and 409 for a wrong state", async () => {
    const dest = (await createDestination(db.pool, orgId, { name: "DLQ", url: "http://127.0.0.1:9/dlq" })).id;
    const a = await deadDelivery(orgId, dest);
    const b = await deadDelivery(orgId, dest);
    const list = await call(failed.GET, "GET", `/api/v1/failed-webhooks?status=pending&destination_id=${dest}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { id: string }) => r.id).sort()).toEqual([a.failedId, b.failedId].sort());
    expect((await call(failed.GET, "GET", "/api/v1/failed-webhooks?status=nope")).status).toBe(400);

    const one = await call(failedOne.GET, "GET", `/api/v1/failed-webhooks/${a.failedId}`, {
      params: { id: a.failedId },
    });
    expect(one.body.links.delivery).toMatchObject({ id: a.deliveryId, status: "dead" });

    for (const handler of [failedRetry.POST, failedDiscard.POST, failedOne.GET]) {
      expect((await call(handler, "POST", "/x", { params: { id: a.failedId }, apiKey: otherKey })).status).toBe(404);
      expect((await call(handler, "POST", "/x", { params: { id: "abc" } })).status).toBe(404);
    }

    const retried = await call(failedRetry.POST, "POST", `/api/v1/failed-webhooks/${a.failedId}/retry`, {
      params: { id: a.failedId },
    });
    expect(retried).toMatchObject({
      status: 202,
      body: { id: a.failedId, status: "retried", attempt_count: 1, links: { delivery: { status: "pending" } } },
    });
    expect((await call(failedRetry.POST, "POST", "/x", { params: { id: a.failedId } })).status).toBe(409);
    expect((await call(failedDiscard.POST, "POST", "/x", { params: { id: a.failedId } })).status).toBe(409);

    const discarded = await call(failedDiscard.POST, "POST", `/api/v1/failed-webhooks/${b.failedId}/discard`, {
      params: { id: b.failedId },
    });
    expect(discarded).toMatchObject({ status: 200, body: { status: "failed_permanently" } });

    await db.pool.query("DELETE FROM webhook_deliveries WHERE id = $1", [b.deliveryId]);
    const orphan = await call(failedRetry.POST, "POST", "/x", { params: { id: b.failedId } });
    expect(orphan.status).toBe(409);
    expect(orphan.body.message).toMatch(/no longer exists/);
  });
});

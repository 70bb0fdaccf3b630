import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/events/route";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";

let db: TestDatabase;
let orgId: string;
let otherOrgId: string;
let apiKey: string;
let otherKey: string;
let allDest: string;
let loginDest: string;
let highDest: string;
let disabledDest: string;
let employeeId: string;
let foreignEmployeeId: string;

const noContext = { params: Promise.resolve({}) };

function post(body: unknown, key: string | null = apiKey, headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
  return POST(new Request("http://localhost/api/v1/events", init), noContext);
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) s`, params);
  return rows[0]!.n;
}

beforeAll(async () => {
  db = await useFreshDatabase();
  orgId = await createOrg(db.pool);
  otherOrgId = await createOrg(db.pool);
  apiKey = await createApiKey(db.pool, orgId);
  otherKey = await createApiKey(db.pool, otherOrgId);
  allDest = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/all" })).id;
  loginDest = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/login", eventTypes: ["user.login"] }))
    .id;
  highDest = (
    await createDestination(db.pool, orgId, {
      url: "http://127.0.0.1:9/high",
      eventFilter: { severity: "high", tags: ["vip"] },
    })
  ).id;
  disabledDest = (await createDestination(db.pool, orgId, { url: "http://127.0.0.1:9/off", enabled: false })).id;
  // Another org's destination must never receive this org's events.
  await createDestination(db.pool, otherOrgId, { url: "http://127.0.0.1:9/other" });
  employeeId = (
    await db.pool.query<{ id: string }>("INSERT INTO employees (org_id, name) VALUES ($1, 'Ann') RETURNING id", [orgId])
  ).rows[0]!.id;
  foreignEmployeeId = (
    await db.pool.query<{ id: string }>("INSERT INTO employees (org_id, name) VALUES ($1, 'Bob') RETURNING id", [
      otherOrgId,
    ])
  ).rows[0]!.id;
});

describe("POST /api/v1/events", () => {
  it("stores one event and answers 202 with its id and delivery count", async () => {
    const res = await post({
      event_type: "document.created",
      payload: { id: 1 },
      employee_id: employeeId,
      client_name: "web",
      content: "hello",
    });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.events).toHaveLength(1);
    const [event] = body.events;
    expect(event.deliveries).toBe(1);
    const { rows } = await db.pool.query(
      "SELECT org_id, employee_id, event_type, client_name, content, payload FROM activity_logs WHERE id = $1",
      [event.id],
    );
    expect(rows[0]).toMatchObject({
      org_id: orgId,
      employee_id: employeeId,
      event_type: "document.created",
      client_name: "web",
      content: "hello",
      payload: { id: 1 },
    });
    const deliveries = await db.pool.query(
      "SELECT destination_id, status, attempts FROM webhook_deliveries WHERE log_id = $1",
      [event.id],
    );
    expect(deliveries.rows).toEqual([{ destination_id: allDest, status: "pending", attempts: 0 }]);
  });

  it("fans out by event type and by payload containment, and skips disabled destinations", async () => {
    const res = await post({
      events: [
        { event_type: "user.login", payload: { severity: "low" } },
        { event_type: "user.login", payload: { severity: "high", tags: ["vip", "beta"], extra: true } },
        { event_type: "invoice.paid", payload: { severity: "high", tags: ["beta"] } },
        { event_type: "invoice.paid", payload: { severity: "high", tags: ["vip"] } },
      ],
    });
    expect(res.status).toBe(202);
    const { events } = await res.json();
    expect(events.map((e: { deliveries: number }) => e.deliveries)).toEqual([2, 3, 1, 2]);
    const destinationsOf = async (logId: string) =>
      (
        await db.pool.query<{ destination_id: string }>(
          "SELECT destination_id FROM webhook_deliveries WHERE log_id = $1 ORDER BY destination_id",
          [logId],
        )
      ).rows.map((r) => r.destination_id);
    expect(await destinationsOf(events[0].id)).toEqual([allDest, loginDest].sort());
    expect(await destinationsOf(events[1].id)).toEqual([allDest, loginDest, highDest].sort());
    expect(await destinationsOf(events[2].id)).toEqual([allDest]);
    expect(await destinationsOf(events[3].id)).toEqual([allDest, highDest].sort());
    expect(await count("SELECT 1 FROM webhook_deliveries WHERE destination_id = $1", [disabledDest])).toBe(0);
  });

  it("answers ids in request order for a batch of 500", async () => {
    const events = Array.from({ length: 500 }, (_, i) => ({ event_type: "bulk.test", payload: { i } }));
    const res = await post({ events });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.events).toHaveLength(500);
    const ids = body.events.map((e: { id: string }) => e.id);
    const { rows } = await db.pool.query<{ id: string; i: number }>(
      "SELECT id, (payload->>'i')::int AS i FROM activity_logs WHERE id = ANY ($1::uuid[])",
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r.i]));
    expect(ids.map((id: string) => byId.get(id))).toEqual(events.map((_, i) => i));
  });

  it("rejects malformed bodies with 400 and field errors, storing nothing", async () => {
    const before = await count("SELECT 1 FROM activity_logs");
    const cases: [unknown, string][] = [
      [{ payload: {} }, "event_type"],
      [{ event_type: "x" }, "payload"],
      [{ event_type: "x", payload: [1, 2] }, "payload"],
      [{ event_type: "x".repeat(101), payload: {} }, "event_type"],
      [{ event_type: "x", payload: {}, client_version: "v".repeat(51) }, "client_version"],
      [{ event_type: "x", payload: {}, session_id: "not-a-uuid" }, "session_id"],
      [{ event_type: "x", payload: {}, unexpected: 1 }, "unexpected"],
      [{ eventType: "x", payload: {} }, "eventType"],
      [{ events: [{ event_type: "x", payload: {}, clientName: "c" }] }, "events.0.clientName"],
      [{ event_type: "x", payload: { text: "nul\u0000byte" } }, "payload.text"],
      [{ events: [] }, "events"],
      [{ events: "nope" }, "events"],
      [{ events: Array.from({ length: 501 }, () => ({ event_type: "x", payload: {} })) }, "events"],
      [
        {
          events: [
            { event_type: "ok", payload: {} },
            { event_type: "ok", payload: {} },
            { event_type: "ok", payload: {} },
            { event_type: "", payload: {} },
          ],
        },
        "events.3.event_type",
      ],
      [[1, 2, 3], "body"],
      ['"just a string"', "body"],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const json = await res.json();
      expect(Object.keys(json.field_errors), JSON.stringify(json)).toContain(field);
    }
    // An unknown field is named, with the field probably meant.
    const camel = await post({ events: [{ eventType: "x", payload: {} }] });
    expect((await camel.json()).field_errors).toMatchObject({
      "events.0.eventType": ["Unknown field; did you mean event_type?"],
    });
    // Raw JSON text: an unpaired surrogate escape parses in JavaScript but jsonb refuses it.
    for (const [raw, field] of [
      ['{"event_type":"x","payload":{"a":"\\ud800"}}', "payload.a"],
      // A bad key is reported on the object that holds it.
      ['{"event_type":"x","payload":{"\\udc00":1}}', "payload"],
      ['{"event_type":"x","payload":{"list":[1,{"n":-1e400}]}}', "payload.list.1.n"],
      ['{"event_type":"x\\udc00","payload":{}}', "event_type"],
      ['{"event_type":"x\\u0000","payload":{}}', "event_type"],
    ] as const) {
      const res = await post(raw);
      expect(res.status, raw).toBe(400);
      expect(Object.keys((await res.json()).field_errors)).toContain(field);
    }
    const emoji = await post('{"event_type":"x","payload":{"a":"\\ud83d\\ude00"}}');
    expect(emoji.status).toBe(202);
    const deep = { event_type: "x", payload: JSON.parse('{"a":'.repeat(100) + "1" + "}".repeat(100)) };
    expect((await post(deep)).status).toBe(400);
    expect(await count("SELECT 1 FROM activity_logs")).toBe(before + 1);
  });

  it("rejects malformed JSON and an empty body with 400", async () => {
    const res = await post('{"event_type": ');
    expect(res.status).toBe(400);
    expect((await res.json()).field_errors.body).toBeDefined();
    expect((await post("")).status).toBe(400);
  });

  it("answers 413 for a body over 1 MiB, by Content-Length and by streamed size", async () => {
    const big = JSON.stringify({ event_type: "x", payload: { blob: "a".repeat(1024 * 1024) } });
    expect((await post(big)).status).toBe(413);
    // A chunked body with no Content-Length is counted as it streams.
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"event_type":"x","payload":{"blob":"'));
        if (sent > 2 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    expect(request.headers.get("content-length")).toBeNull();
    const res = await POST(request, noContext);
    expect(res.status).toBe(413);
  });

  it("answers 401 without a key, with an unknown key and with a revoked key", async () => {
    expect((await post({ event_type: "x", payload: {} }, null)).status).toBe(401);
    const unknown = await post({ event_type: "x", payload: {} }, "hk_unknown");
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toMatch(/Bearer/);
    const revoked = await createApiKey(db.pool, orgId);
    await db.pool.query("UPDATE api_keys SET revoked_at = now() WHERE key_hash = encode(sha256($1::bytea), 'hex')", [
      revoked,
    ]);
    expect((await post({ event_type: "x", payload: {} }, revoked)).status).toBe(401);
  });

  it("rejects another org's employee (and an unknown one) with 400, storing nothing of the batch", async () => {
    const before = await count("SELECT 1 FROM activity_logs");
    const res = await post({
      events: [
        { event_type: "ok", payload: {} },
        { event_type: "x", payload: {}, employee_id: foreignEmployeeId },
      ],
    });
    expect(res.status).toBe(400);
    expect((await res.json()).field_errors).toHaveProperty(["events.1.employee_id"]);
    const unknown = await post({ event_type: "x", payload: {}, employee_id: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).field_errors).toHaveProperty(["employee_id"]);
    expect(await count("SELECT 1 FROM activity_logs")).toBe(before);
  });

  it("scopes everything to the key's org", async () => {
    const res = await post({ event_type: "user.login", payload: {} }, otherKey);
    expect(res.status).toBe(202);
    const { events } = await res.json();
    expect(events[0].deliveries).toBe(1);
    const { rows } = await db.pool.query(
      "SELECT w.org_id FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id WHERE d.log_id = $1",
      [events[0].id],
    );
    expect(rows).toEqual([{ org_id: otherOrgId }]);
  });

  it("updates last_used_at at most once a minute", async () => {
    const key = await createApiKey(db.pool, orgId);
    await post({ event_type: "x", payload: {} }, key);
    const first = (
      await db.pool.query("SELECT last_used_at FROM api_keys WHERE key_hash = encode(sha256($1::bytea), 'hex')", [key])
    ).rows[0].last_used_at;
    expect(first).toBeInstanceOf(Date);
    await post({ event_type: "x", payload: {} }, key);
    const second = (
      await db.pool.query("SELECT last_used_at FROM api_keys WHERE key_hash = encode(sha256($1::bytea), 'hex')", [key])
    ).rows[0].last_used_at;
    expect(second.getTime()).toBe(first.getTime());
  });

  it("answers 429 with Retry-After past INGEST_RATE_LIMIT", async () => {
    const key = await createApiKey(db.pool, orgId);
    process.env.INGEST_RATE_LIMIT = "2";
    try {
      expect((await post({ event_type: "x", payload: {} }, key)).status).toBe(202);
      expect((await post({ event_type: "x", payload: {} }, key)).status).toBe(202);
      const limited = await post({ event_type: "x", payload: {} }, key);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      delete process.env.INGEST_RATE_LIMIT;
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// Before any module creates its logger: lines at every level, so the test sees them all.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "debug";
});

import { GET as cronDispatch } from "../../app/api/cron/dispatch/route";
import { POST as ingest } from "../../app/api/v1/events/route";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { captureLogLines } from "../../lib/log/logger";
import { respondWith } from "../../test-support/receiver";
import { makeDue, useDispatchTestbed } from "../dispatcher/support";
import { createApiKey, createDestination } from "../helpers/fixtures";
import { parseJsonLines, type LogLine } from "./support";

// The structured log read from pino's own output (a capturing destination stream, real
// database, real receiver): every line written while an API request is handled carries that
// request's id — including under concurrency, and never leaking into later work — and every
// dispatcher line about a delivery carries its deliveryId.

const bed = useDispatchTestbed({ responder: respondWith(500, "receiver down") });
let apiKey: string;
let output = "";
let release: () => void = () => {};

beforeAll(async () => {
  apiKey = await createApiKey(bed.pool, bed.orgId);
  await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, retryMax: 5, retryBackoffMs: 60_000 });
  // A real trigger makes one event type fail inside the database: an unhandled error path.
  await bed.pool.query(`
    CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.event_type = 'boom' THEN RAISE EXCEPTION 'boom refused'; END IF; RETURN NEW; END $$;
    CREATE TRIGGER refuse_boom BEFORE INSERT ON activity_logs FOR EACH ROW EXECUTE FUNCTION refuse_boom();`);
  release = captureLogLines({ write: (line: string) => (output += line) });
});
afterEach(() => {
  output = "";
});
afterAll(async () => {
  release();
});

function post(requestId: string, body: string): Promise<Response> {
  return ingest(
    new Request("http://127.0.0.1/api/v1/events?ignored=query", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "x-request-id": requestId, "content-type": "application/json" },
      body,
    }),
    { params: Promise.resolve({}) },
  );
}

function lines(): LogLine[] {
  return parseJsonLines(output);
}

describe("request ids and delivery ids in the log", () => {
  it("every line of an ingest request carries its request id: accepted, refused and failing requests, two at a time", async () => {
    const [accepted, failing] = await Promise.all([
      post("req-accepted", '{"event_type":"user.login","payload":{"n":1}}'),
      post("req-failing", '{"event_type":"boom","payload":{}}'),
    ]);
    expect(accepted.status).toBe(202);
    expect(failing.status).toBe(500);
    expect((await post("req-refused", '{"event_type":"","payload":[]}')).status).toBe(400);

    const all = lines();
    for (const line of all) {
      expect(line.requestId, JSON.stringify(line)).toMatch(/^req-(accepted|failing|refused)$/);
      expect(typeof line.level).toBe("number");
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    }
    expect(all).toContainEqual(
      expect.objectContaining({
        requestId: "req-accepted",
        level: 20,
        msg: "api request",
        method: "POST",
        path: "/api/v1/events",
        status: 202,
      }),
    );
    expect(all).toContainEqual(expect.objectContaining({ requestId: "req-refused", msg: "api request", status: 400 }));
    // The error line is the failing request's, not its concurrent neighbour's.
    const errors = all.filter((l) => l.msg === "unhandled error in API route");
    expect(errors).toEqual([expect.objectContaining({ requestId: "req-failing", level: 50 })]);
    expect(JSON.stringify(errors[0])).toContain("boom refused");
    expect(all).toContainEqual(expect.objectContaining({ requestId: "req-failing", msg: "api request", status: 500 }));
    // A line carries the id once (a child binding and the request context never both add it).
    for (const raw of output.trim().split("\n")) expect(raw.match(/"requestId"/g)).toHaveLength(1);
  });

  it("a request without x-request-id still gets one on every line", async () => {
    const response = await ingest(
      new Request("http://127.0.0.1/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: '{"event_type":"boom","payload":{}}',
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(500);
    const all = lines();
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(new Set(all.map((l) => l.requestId)).size).toBe(1);
    expect(all[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a dispatch cycle outside any request: each line about a delivery carries its deliveryId, and no request id leaks in", async () => {
    await makeDue(bed.pool);
    const counts = await runDispatchCycle();
    expect(counts.claimed).toBeGreaterThanOrEqual(1);
    expect(counts.failed).toBe(counts.claimed);
    const { rows } = await bed.pool.query<{ id: string }>("SELECT id FROM webhook_deliveries WHERE status = 'failed'");
    const ids = new Set(rows.map((r) => r.id));

    const all = lines();
    const failures = all.filter((l) => l.msg === "delivery attempt failed; will retry");
    expect(failures).toHaveLength(counts.claimed);
    for (const line of all) {
      expect(line.requestId, JSON.stringify(line)).toBeUndefined();
      expect(line.component).toBe("dispatcher");
      // Only the cycle's summary is about no single delivery.
      if (line.msg !== "dispatch cycle") expect(ids.has(String(line.deliveryId)), JSON.stringify(line)).toBe(true);
    }
    expect(all).toContainEqual(expect.objectContaining({ msg: "dispatch cycle", claimed: counts.claimed }));
  });

  it("a cron dispatch request: its lines carry the request id and, about a delivery, the deliveryId", async () => {
    await makeDue(bed.pool);
    const response = await cronDispatch(
      new Request("http://127.0.0.1/api/cron/dispatch", {
        headers: { authorization: `Bearer ${process.env.CRON_SECRET}`, "x-request-id": "req-cron" },
      }),
    );
    expect(response.status).toBe(200);
    const all = lines();
    expect(all.filter((l) => l.msg === "delivery attempt failed; will retry").length).toBeGreaterThanOrEqual(1);
    for (const line of all) {
      expect(line.requestId, JSON.stringify(line)).toBe("req-cron");
      if (!["dispatch cycle", "cron dispatch run", "retention purged expired rows"].includes(line.msg))
        expect(line.deliveryId, JSON.stringify(line)).toEqual(expect.any(String));
    }
    for (const raw of output.trim().split("\n")) expect(raw.match(/"requestId"/g)).toHaveLength(1);
  });
});

import http from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before any module creates its logger: warnings, for the log line checked below.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "warn";
});

import { POST as ingest } from "../../app/api/v1/events/route";
import { closeHttpAgent } from "../../lib/dispatcher/http-sender";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { captureLogLines, logger } from "../../lib/log/logger";
import { startTracing, stopTracing } from "../../lib/telemetry/start-tracing";
import { inSpan } from "../../lib/telemetry/spans";
import { startReceiver, type TestReceiver } from "../../test-support/receiver";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";

// OpenTelemetry from the event to the receiver, checked at a real OTLP/HTTP collector stand-in
// on 127.0.0.1 (the exporter posts JSON to /v1/traces): one ingest of 3 events to 2
// destinations and one dispatch give spans with the right parents, links and attributes, and
// the receivers get a traceparent of the send span's trace.

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  arrayValue?: { values: OtlpValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: OtlpValue }[];
  links?: { traceId: string; spanId: string }[];
}

const exported: OtlpSpan[] = [];
const collector = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (c: Buffer) => chunks.push(c));
  request.on("end", () => {
    if (request.url === "/v1/traces") {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) exported.push(...scope.spans);
    }
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});

const attr = (span: OtlpSpan, key: string): unknown => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  if (value.arrayValue) return value.arrayValue.values.map((v) => v.stringValue ?? v.intValue);
  return value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.boolValue);
};

let t: TestDatabase;
let receiver: TestReceiver;

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
  process.env.OTEL_TRACES_SAMPLER = "always_on";
  process.env.TRACE_INGEST_LINKS = "true";
  expect(await startTracing("hookline-test")).toBe(true);
  t = await useFreshDatabase();
  receiver = await startReceiver();
});
afterAll(async () => {
  await stopTracing();
  await receiver.close();
  await closeHttpAgent();
  collector.close();
});

describe("traces from ingest to receiver", () => {
  it("exports the ingest request, fan-out, dispatch cycle, sends and outcome write, linked and nested", async () => {
    const orgId = await createOrg(t.pool);
    const a = await createDestination(t.pool, orgId, { url: `${receiver.url}?a` });
    const b = await createDestination(t.pool, orgId, { url: `${receiver.url}?b` });
    const key = await createApiKey(t.pool, orgId, ["ingest"]);
    const response = await ingest(
      new Request("http://127.0.0.1/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ events: [1, 2, 3].map((n) => ({ event_type: "order.created", payload: { n } })) }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(202);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 6, delivered: 6 });
    // Log lines written inside a span carry its ids.
    let logged = "";
    const release = captureLogLines({ write: (line: string) => (logged += line) });
    const ids = await inSpan("log check", {}, async (span) => {
      logger.warn("inside a span");
      return span.spanContext();
    });
    release();
    expect(JSON.parse(logged.trim().split("\n").pop()!)).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
    await stopTracing(); // flushes the batch processor

    const byName = (name: string) => exported.filter((s) => s.name === name);
    const [request] = byName("ingest events");
    expect(request, JSON.stringify(exported.map((s) => s.name))).toBeDefined();
    expect(attr(request!, "hookline.org_id")).toBe(orgId);
    expect(attr(request!, "hookline.events")).toBe(3);
    expect(attr(request!, "hookline.deliveries_created")).toBe(6);
    const [fanOut] = byName("fan-out");
    expect(fanOut!.parentSpanId).toBe(request!.spanId);
    expect(fanOut!.traceId).toBe(request!.traceId);

    const [cycle] = byName("dispatch cycle");
    expect(attr(cycle!, "hookline.claimed")).toBe(6);
    expect(attr(cycle!, "hookline.delivered")).toBe(6);
    const sends = byName("send webhook");
    expect(sends).toHaveLength(6);
    for (const send of sends) {
      expect(send.parentSpanId).toBe(cycle!.spanId);
      expect([a.id, b.id]).toContain(attr(send, "hookline.destination_id"));
      expect(attr(send, "http.response.status_code")).toBe(200);
      expect(attr(send, "hookline.outcome")).toBe("delivered");
      expect(attr(send, "hookline.attempt")).toBe(1);
      // Each send links to the trace of the ingest request that created its delivery.
      expect(send.links).toEqual([expect.objectContaining({ traceId: request!.traceId, spanId: request!.spanId })]);
    }
    const [write] = byName("record outcomes");
    expect(write!.parentSpanId).toBe(cycle!.spanId);

    // The receivers' traces join ours: each request carried its send span's context.
    expect(receiver.requests).toHaveLength(6);
    const sendIds = new Set(sends.map((s) => `${s.traceId}-${s.spanId}`));
    for (const r of receiver.requests) {
      const [, traceId, spanId] = String(r.headers.traceparent).split("-");
      expect(sendIds.has(`${traceId}-${spanId}`)).toBe(true);
    }
  });
});

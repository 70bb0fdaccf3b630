import http from "node:http";
import { createRequire } from "node:module";
import { metrics } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before any module creates its logger: warnings, for the log line checked below.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "warn";
});

import { POST as ingest } from "../../app/api/v1/events/route";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { captureLogLines, logger } from "../../lib/log/logger";
import { flushTracing, startTracing, stopTracing } from "../../lib/telemetry/start-tracing";
import { inSpan } from "../../lib/telemetry/spans";
import { ok, respondWith } from "../../test-support/receiver";
import { createApiKey, createDestination, createOrg } from "../helpers/fixtures";
import { useDispatchTestbed } from "../dispatcher/support";

// OpenTelemetry from the event to the receiver, checked at a real OTLP/HTTP collector stand-in
// on 127.0.0.1 (the exporter posts JSON to /v1/traces): one ingest of 3 events to 2
// destinations and one dispatch give spans with the right parents, links and attributes, and
// the receivers get a traceparent of the send span's trace. The SDK runs in this test's process
// (vitest's forks pool gives each test file its own).

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
  kind: number;
  status?: { code?: number; message?: string };
  attributes: { key: string; value: OtlpValue }[];
  links?: { traceId: string; spanId: string }[];
}

const exported: OtlpSpan[] = [];
let exportedJson = "";
const collectorPaths = new Set<string>();
const collector = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (c: Buffer) => chunks.push(c));
  request.on("end", () => {
    collectorPaths.add(request.url ?? "");
    if (request.url === "/v1/traces") {
      exportedJson += Buffer.concat(chunks).toString("utf8");
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

// Registered before the testbed: tracing starts before its database, and the collector closes after its receiver.
beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
  process.env.OTEL_TRACES_SAMPLER = "always_on";
  expect(await startTracing("hookline-test")).toBe(true);
});
afterAll(() => {
  collector.close();
});
const bed = useDispatchTestbed();

const SPAN_KIND_CLIENT = 3; // OTLP's enum
const STATUS_CODE_ERROR = 2;
const byName = (name: string) => exported.filter((s) => s.name === name);
const ingestEvents = (key: string, events: unknown[]) =>
  ingest(
    new Request("http://127.0.0.1/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    }),
    { params: Promise.resolve({}) },
  );

describe("traces from ingest to receiver", () => {
  it("loads the SDK (the tracing-off test checks the same modules stay unloaded)", () => {
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.some((file) => file.includes("/@opentelemetry/sdk-node/"))).toBe(true);
    expect(loaded.some((file) => file.includes("/@opentelemetry/exporter-trace-otlp-http/"))).toBe(true);
  });

  it("exports the ingest request, fan-out, dispatch cycle, sends and outcome write, linked and nested", async () => {
    const orgId = await createOrg(bed.pool);
    exported.length = 0;
    const a = await createDestination(bed.pool, orgId, { url: `${bed.receiver.url}?token=s3cret-in-query` });
    const b = await createDestination(bed.pool, orgId, { url: `${bed.receiver.url}?b` });
    const key = await createApiKey(bed.pool, orgId, ["ingest"]);
    const response = await ingestEvents(
      key,
      [1, 2, 3].map((n) => ({ event_type: "order.created", payload: { n } })),
    );
    expect(response.status).toBe(202);
    const logIds = ((await response.json()) as { events: { id: string }[] }).events.map((e) => e.id);
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
    await flushTracing(10_000);

    const [request] = byName("ingest events");
    expect(request, JSON.stringify(exported.map((s) => s.name))).toBeDefined();
    expect(attr(request!, "hookline.org_id")).toBe(orgId);
    expect(attr(request!, "hookline.events")).toBe(3);
    expect(attr(request!, "hookline.deliveries_created")).toBe(6);
    const [fanOut] = byName("fan-out");
    expect(fanOut!.parentSpanId).toBe(request!.spanId);
    expect(fanOut!.traceId).toBe(request!.traceId);
    expect(attr(fanOut!, "db.system.name")).toBe("postgresql");
    expect(attr(fanOut!, "hookline.deliveries_created")).toBe(6);
    // The request's trace context is kept once for the request (not per event), by the fan-out statement.
    const kept = await bed.pool.query<{ traceparent: string; log_ids: string[] }>(
      "SELECT traceparent, log_ids FROM ingest_trace_contexts",
    );
    expect(kept.rows).toHaveLength(1);
    expect(kept.rows[0]!.traceparent).toBe(`00-${request!.traceId}-${request!.spanId}-01`);
    expect([...kept.rows[0]!.log_ids].sort()).toEqual([...logIds].sort());

    const [cycle] = byName("dispatch cycle");
    expect(attr(cycle!, "hookline.claimed")).toBe(6);
    expect(attr(cycle!, "hookline.delivered")).toBe(6);
    expect(attr(cycle!, "hookline.failed")).toBe(0);
    expect(attr(cycle!, "hookline.dead")).toBe(0);
    const sends = byName("send webhook");
    expect(sends).toHaveLength(6);
    const deliveries = await bed.pool.query<{ id: string; destination_id: string }>(
      "SELECT id, destination_id FROM webhook_deliveries",
    );
    const destinationOf = new Map(deliveries.rows.map((d) => [d.id, d.destination_id]));
    for (const send of sends) {
      expect(send.parentSpanId).toBe(cycle!.spanId);
      expect(send.traceId).toBe(cycle!.traceId);
      expect(send.kind).toBe(SPAN_KIND_CLIENT);
      const deliveryId = attr(send, "hookline.delivery_id") as string;
      expect(attr(send, "hookline.delivery_ids")).toEqual([deliveryId]);
      expect(attr(send, "hookline.destination_id")).toBe(destinationOf.get(deliveryId));
      expect([a.id, b.id]).toContain(attr(send, "hookline.destination_id"));
      expect(attr(send, "http.request.method")).toBe("POST");
      expect(attr(send, "http.response.status_code")).toBe(200);
      expect(attr(send, "hookline.outcome")).toBe("delivered");
      expect(attr(send, "hookline.attempt")).toBe(1);
      expect(attr(send, "hookline.duration_ms")).toBeTypeOf("number");
      expect(attr(send, "server.address")).toBe("127.0.0.1");
      expect(attr(send, "server.port")).toBe(bed.receiver.port);
      // url.full without what may be a credential: the query's values are redacted.
      expect([`${bed.receiver.url}?token=REDACTED`, `${bed.receiver.url}?b=`]).toContain(attr(send, "url.full"));
      // Each send links to the trace of the ingest request that created its delivery.
      expect(send.links).toEqual([expect.objectContaining({ traceId: request!.traceId, spanId: request!.spanId })]);
    }
    const [write] = byName("record outcomes");
    expect(write!.parentSpanId).toBe(cycle!.spanId);
    expect(attr(write!, "hookline.outcomes")).toBe(6);
    expect(exportedJson).not.toContain("s3cret-in-query");

    // The receivers' traces join ours: each request carried its send span's context.
    expect(bed.receiver.requests).toHaveLength(6);
    const sendIds = new Set(sends.map((s) => `${s.traceId}-${s.spanId}`));
    for (const r of bed.receiver.requests) {
      const [, traceId, spanId] = String(r.headers.traceparent).split("-");
      expect(sendIds.has(`${traceId}-${spanId}`)).toBe(true);
    }
  });

  it("marks a failed send as an error with the receiver's status", async () => {
    exported.length = 0;
    bed.receiver.requests.length = 0;
    bed.receiver.respond(respondWith(503, "busy"));
    const orgId = await createOrg(bed.pool);
    const destination = await createDestination(bed.pool, orgId, { url: bed.receiver.url });
    const key = await createApiKey(bed.pool, orgId, ["ingest"]);
    expect((await ingestEvents(key, [{ event_type: "order.created", payload: {} }])).status).toBe(202);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, failed: 1 });
    bed.receiver.respond(ok);
    await flushTracing(10_000);

    const [send] = byName("send webhook");
    expect(attr(send!, "hookline.destination_id")).toBe(destination.id);
    expect(attr(send!, "http.response.status_code")).toBe(503);
    expect(attr(send!, "hookline.outcome")).toBe("http_error");
    expect(attr(send!, "error.type")).toBe("503");
    expect(send!.status?.code).toBe(STATUS_CODE_ERROR);
    const [cycle] = byName("dispatch cycle");
    expect(attr(cycle!, "hookline.failed")).toBe(1);
    const [request] = byName("ingest events");
    expect(send!.links).toEqual([expect.objectContaining({ traceId: request!.traceId, spanId: request!.spanId })]);
  });

  it("exports traces only: no metrics or logs reach the collector, even at shutdown", async () => {
    // Were the SDK's metrics pipeline set up (its default), this would be exported at shutdown.
    metrics.getMeter("hookline-test").createCounter("hookline_test_probe").add(1);
    await stopTracing();
    expect([...collectorPaths]).toEqual(["/v1/traces"]);
  });
});

import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "../../app/api/v1/events/route";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { startTracing, tracingConfigured } from "../../lib/telemetry/start-tracing";
import { createApiKey, createDestination } from "../helpers/fixtures";
import { useDispatchTestbed } from "../dispatcher/support";

// Without an OTLP endpoint nothing of the SDK is loaded (its modules are never imported: the
// spans in the code go to @opentelemetry/api's no-op tracer), no traceparent goes to receivers
// and no trace context is stored per ingest request. tracing.test.ts checks that the same
// require-cache lookup finds these modules when tracing is on.
beforeAll(() => {
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
});
const bed = useDispatchTestbed();

describe("tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)", () => {
  it("starts nothing, sends no traceparent and stores no trace context", async () => {
    expect(tracingConfigured()).toBe(false);
    expect(await startTracing("hookline-test")).toBe(false);
    // OTEL_SDK_DISABLED wins over an endpoint, as the specification has it.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = "http://127.0.0.1:9";
    process.env.OTEL_SDK_DISABLED = "true";
    expect(await startTracing("hookline-test")).toBe(false);
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_SDK_DISABLED;
    await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url });
    const key = await createApiKey(bed.pool, bed.orgId, ["ingest"]);
    const response = await ingest(
      new Request("http://127.0.0.1/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ event_type: "order.created", payload: {} }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(202);
    expect(await runDispatchCycle()).toMatchObject({ delivered: 1 });
    expect(bed.receiver.requests[0]!.headers.traceparent).toBeUndefined();
    expect((await bed.pool.query("SELECT count(*)::int AS n FROM ingest_trace_contexts")).rows[0].n).toBe(0);
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) =>
      /\/@opentelemetry\/(sdk-|exporter-|otlp-|resources\/)/.test(file),
    );
    expect(loaded).toEqual([]);
  });
});

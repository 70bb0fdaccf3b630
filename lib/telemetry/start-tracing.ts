import type { NodeSDK } from "@opentelemetry/sdk-node";

let sdk: NodeSDK | null = null;

/** Whether an OTLP endpoint is configured (the standard OpenTelemetry variables). */
export function tracingConfigured(): boolean {
  return Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts OpenTelemetry tracing with an OTLP/HTTP exporter when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * _TRACES_ENDPOINT) is set; the SDK reads the other standard variables itself (OTEL_SERVICE_NAME,
 * OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER…). Unset, nothing is loaded: the spans in the
 * code go to @opentelemetry/api's no-op tracer. No auto-instrumentation: the spans that matter
 * (ingest, fan-out, dispatch cycle, send, outcome write) are made by hand.
 */
export async function startTracing(serviceName: string): Promise<boolean> {
  if (sdk || !tracingConfigured()) return Boolean(sdk);
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
  ]);
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || serviceName,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [],
  });
  sdk.start();
  return true;
}

/** Flushes what is buffered and stops the SDK (on shutdown, and in tests). */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = null;
  await running?.shutdown();
}

import { trace } from "@opentelemetry/api";
import type { NodeSDK } from "@opentelemetry/sdk-node";

let sdk: NodeSDK | null = null;

/** Whether an OTLP endpoint is configured and the SDK not disabled (the standard OpenTelemetry variables). */
export function tracingConfigured(): boolean {
  if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
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
    // Traces only: left to its defaults the SDK would also push OTLP metrics every minute and set
    // up a log exporter, which a traces-only backend (Jaeger, Tempo) answers with errors.
    metricReaders: [],
    logRecordProcessors: [],
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

/**
 * Exports the spans still buffered, through whichever provider is registered globally (the
 * Next.js server starts it in instrumentation.ts, a module instance other than the routes'). The
 * cron route calls it before answering: on a serverless host the process may be frozen right
 * after the response, with the batch processor's spans still waiting. Waits at most `timeoutMs`
 * (a collector that does not answer must not hold the caller up). A no-op when not tracing.
 */
export async function flushTracing(timeoutMs = 2000): Promise<void> {
  // Duck-typed: the API's proxy and the SDK's provider may come from other copies of the packages.
  const registered = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const provider = (registered.getDelegate?.() ?? registered) as { forceFlush?: () => Promise<void> };
  if (typeof provider.forceFlush !== "function") return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    provider.forceFlush(),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref())),
  ]).finally(() => clearTimeout(timer));
}

import {
  context,
  propagation,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type Span,
  type SpanOptions,
} from "@opentelemetry/api";

/** The tracer every Hookline span comes from; a no-op until lib/telemetry/start-tracing runs. */
export const tracer = trace.getTracer("hookline");

/** Runs `work` inside a span that ends with it, recording a thrown error. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  options: Pick<SpanOptions, "links" | "kind"> = {},
): Promise<T> {
  return tracer.startActiveSpan(name, { ...options, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span's W3C trace context as headers (traceparent, tracestate), or none when not tracing. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (trace.getActiveSpan()?.isRecording()) propagation.inject(context.active(), carrier);
  return carrier;
}

/** A span context from a stored traceparent, for a link back to the trace it came from. */
export function linkFromTraceparent(traceparent: string): Link | null {
  const extracted = trace.getSpanContext(propagation.extract(context.active(), { traceparent }));
  return extracted ? { context: extracted } : null;
}

/** trace_id and span_id of the active span for log lines, when it is recording. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * The semantic conventions' attributes of an outgoing request's URL: url.full with user and
 * password replaced by REDACTED and — because webhook URLs often carry a token in the query —
 * every query value too; server.address and server.port. Nothing for a URL that does not parse.
 */
export function urlAttributes(raw: string): Attributes {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {};
  }
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  if (url.username) url.username = "REDACTED";
  if (url.password) url.password = "REDACTED";
  if (url.search) {
    const redacted = new URLSearchParams();
    for (const [key, value] of url.searchParams) redacted.append(key, value ? "REDACTED" : "");
    url.search = redacted.toString();
  }
  return { "url.full": url.toString(), "server.address": url.hostname, "server.port": port };
}

import { context, propagation, SpanStatusCode, trace, type Attributes, type Link, type Span } from "@opentelemetry/api";

/** The tracer every Hookline span comes from; a no-op until lib/telemetry/start-tracing runs. */
export const tracer = trace.getTracer("hookline");

/** Runs `work` inside a span that ends with it, recording a thrown error. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  links: Link[] = [],
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes, links }, async (span) => {
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

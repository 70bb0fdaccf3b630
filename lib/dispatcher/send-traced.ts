import { SpanKind, SpanStatusCode, type Link } from "@opentelemetry/api";
import { inSpan, linkFromTraceparent, traceHeaders, urlAttributes } from "../telemetry/spans";
import type { ClaimedDelivery } from "./claimed-delivery";
import { sendWebhook, type SendRequest, type SendResult } from "./http-sender";

/**
 * One webhook request inside a "send webhook" client span: the span links to the ingest
 * request(s) that created these deliveries (when their trace context was kept), the receiver
 * gets the span's W3C traceparent so its trace joins ours, and the span carries the outcome.
 * With tracing off the span is the API's no-op: no attribute is computed and no header added.
 */
export function sendTraced(
  deliveries: ClaimedDelivery[],
  destinationId: string,
  request: SendRequest,
): Promise<SendResult> {
  return inSpan(
    "send webhook",
    {},
    async (span) => {
      const recording = span.isRecording();
      if (recording) {
        span.setAttributes({
          "hookline.destination_id": destinationId,
          "hookline.delivery_ids": deliveries.map((d) => d.id),
          ...(deliveries.length === 1 ? { "hookline.delivery_id": deliveries[0]!.id } : {}),
          "hookline.attempt": Math.max(...deliveries.map((d) => d.attempts + 1)),
          "hookline.batch_size": deliveries.length,
          "http.request.method": "POST",
          ...urlAttributes(request.url),
        });
        span.addLinks(
          deliveries
            .map((d) => (d.ingestTraceparent ? linkFromTraceparent(d.ingestTraceparent) : null))
            .filter((link): link is Link => link !== null),
        );
      }
      const sent = await sendWebhook(
        recording ? { ...request, headers: [...request.headers, ...Object.entries(traceHeaders()).flat()] } : request,
      );
      if (!recording) return sent;
      span.setAttributes({
        "hookline.outcome": sent.outcome,
        "hookline.duration_ms": sent.durationMs,
        ...(sent.status !== null ? { "http.response.status_code": sent.status } : {}),
      });
      if (sent.outcome !== "delivered") {
        // error.type per the HTTP conventions: the status code when there is one, else what went wrong.
        span.setAttribute("error.type", sent.status !== null ? String(sent.status) : sent.outcome);
        span.setStatus({ code: SpanStatusCode.ERROR, message: sent.error ?? sent.outcome });
      }
      return sent;
    },
    { kind: SpanKind.CLIENT },
  );
}

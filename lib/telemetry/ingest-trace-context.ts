import { trace } from "@opentelemetry/api";
import { db } from "../db/client";
import { traceHeaders } from "./spans";

/**
 * Whether send spans link back to their ingest request: one row per ingest request in
 * ingest_trace_contexts and one lookup per dispatch cycle. Opt-in (TRACE_INGEST_LINKS=true)
 * because it costs more than the 3 % budget it was given — measured with bench:ingest
 * --in-process --tracing on the 2-core machine: batches of 100 +6.5 % CPU per event (262 vs
 * 246 µs; tracing alone +0.8 %), single events +142 % (2,503 vs 1,035 µs; tracing alone +14 %),
 * the extra insert per request doubling the statements of a one-event request.
 */
export function ingestLinksEnabled(): boolean {
  return process.env.TRACE_INGEST_LINKS === "true";
}

/** With tracing on: remembers the active (ingest request) span's context for the logs it created. */
export async function rememberIngestTrace(logIds: string[]): Promise<void> {
  if (logIds.length === 0 || !ingestLinksEnabled() || !trace.getActiveSpan()?.isRecording()) return;
  const { traceparent } = traceHeaders();
  if (traceparent) await db.ingestTraceContext.create({ data: { traceparent, logIds } });
}

/** The ingest request trace context of each of these logs that has one (tracing on only). */
export async function ingestTraceparents(logIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (logIds.length === 0 || !ingestLinksEnabled() || !trace.getActiveSpan()?.isRecording()) return found;
  const wanted = new Set(logIds);
  const rows = await db.ingestTraceContext.findMany({
    where: { logIds: { hasSome: logIds } },
    select: { traceparent: true, logIds: true },
  });
  for (const row of rows) for (const id of row.logIds) if (wanted.has(id)) found.set(id, row.traceparent);
  return found;
}

/** Drops trace contexts older than the retention of what they describe. */
export async function purgeIngestTraces(olderThanDays: number): Promise<number> {
  const { count } = await db.ingestTraceContext.deleteMany({
    where: { createdAt: { lt: new Date(Date.now() - olderThanDays * 86_400_000) } },
  });
  return count;
}

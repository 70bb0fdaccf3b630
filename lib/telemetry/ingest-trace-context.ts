import { trace } from "@opentelemetry/api";
import { db } from "../db/client";
import { logger } from "../log/logger";
import { traceHeaders } from "./spans";

/**
 * Whether send spans link back to their ingest request (tracing on, and TRACE_INGEST_LINKS not
 * "false"): the ingest statement also writes one row per request to ingest_trace_contexts, and
 * each dispatch cycle looks its deliveries' rows up in one statement.
 */
export function ingestLinksEnabled(): boolean {
  return process.env.TRACE_INGEST_LINKS !== "false";
}

/** The active (ingest request) span's traceparent to keep with the logs it creates, or null. */
export function ingestTraceparentToKeep(): string | null {
  if (!ingestLinksEnabled() || !trace.getActiveSpan()?.isRecording()) return null;
  return traceHeaders().traceparent ?? null;
}

/**
 * The ingest request trace context of each of these logs that has one (tracing on only). A
 * failed lookup costs the links, never the cycle: the sends go out unlinked.
 */
export async function ingestTraceparents(logIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (logIds.length === 0 || !ingestLinksEnabled() || !trace.getActiveSpan()?.isRecording()) return found;
  const wanted = new Set(logIds);
  try {
    const rows = await db.ingestTraceContext.findMany({
      where: { logIds: { hasSome: [...wanted] } },
      select: { traceparent: true, logIds: true },
    });
    for (const row of rows) for (const id of row.logIds) if (wanted.has(id)) found.set(id, row.traceparent);
  } catch (error) {
    logger.warn({ err: error }, "could not read the ingest trace contexts; sending without links");
  }
  return found;
}

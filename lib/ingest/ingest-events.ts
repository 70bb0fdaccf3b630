import { randomUUID } from "node:crypto";
import { pool } from "../db/client";
import { ingestTraceparentToKeep } from "../telemetry/ingest-trace-context";
import { inSpan } from "../telemetry/spans";
import { ValidationError, type FieldErrors } from "../errors";
import type { IngestEvent } from "./event-schema";

export interface IngestedEvent {
  id: string;
  /** How many deliveries this event fanned out to. */
  deliveries: number;
}

/**
 * Stores a batch of already-validated events for one org and fans each out to the org's
 * matching destinations.
 *
 * It is ONE statement: a data-modifying CTE inserts the activity logs from unnest()ed arrays
 * and the outer INSERT … SELECT … ON CONFLICT DO NOTHING creates every delivery for the whole
 * batch. A single statement is atomic, so a log is never stored without its deliveries (the
 * database going away mid-way stores nothing), and it is one round trip however large the
 * batch. Log ids are generated here so the answer can list them in request order.
 * `pathPrefix` makes field errors point at the request's shape ("events.3.employee_id").
 */
export async function ingestEvents(
  orgId: string,
  events: IngestEvent[],
  pathPrefix: (index: number) => string = (i) => `events.${i}.`,
): Promise<IngestedEvent[]> {
  if (events.length === 0) return [];
  await assertEmployeesBelongToOrg(orgId, events, pathPrefix);
  const ids = events.map(() => randomUUID());
  // Taken here, where the active span is still the ingest request's (the fan-out span is its child).
  const traceparent = ingestTraceparentToKeep();
  // A named statement is parsed and planned once per pooled connection: planning this CTE
  // costs about as much as executing it for a single event.
  const { rows } = await inSpan(
    "fan-out",
    { "db.system.name": "postgresql", "hookline.events": events.length },
    async (span) => {
      const result = await fanOut(orgId, ids, events, traceparent);
      span.setAttribute(
        "hookline.deliveries_created",
        result.rows.reduce((sum, r) => sum + r.n, 0),
      );
      return result;
    },
  );
  const counts = new Map(rows.map((row) => [row.log_id, row.n]));
  return ids.map((id) => ({ id, deliveries: counts.get(id) ?? 0 }));
}

const FAN_OUT = `WITH logs AS (
       INSERT INTO activity_logs (id, org_id, employee_id, session_id, client_name, client_version, event_type, event_category, content,
         payload)
       SELECT e.id, $1::uuid, e.employee_id, e.session_id, e.client_name, e.client_version, e.event_type, e.event_category, e.content,
         e.payload
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
              AS e(id, employee_id, session_id, client_name, client_version, event_type, event_category, content, payload)
       RETURNING id, event_type, payload
     ), fanout AS (
       INSERT INTO webhook_deliveries (destination_id, log_id)
       SELECT w.id, l.id
         FROM logs l
         JOIN webhook_destinations w
           ON w.org_id = $1::uuid
          AND w.enabled
          AND (cardinality(w.event_types) = 0 OR l.event_type = ANY (w.event_types))
          AND (w.event_filter IS NULL OR l.payload @> w.event_filter)
       ON CONFLICT DO NOTHING
       RETURNING log_id
     )`;
const COUNTS = "SELECT log_id, count(*)::int AS n FROM fanout GROUP BY log_id";
// With tracing links on, the same statement also keeps the request's trace context, one row for
// the logs that fanned out: no extra round trip, and atomic with what it describes.
const KEEP_TRACE = `, trace_context AS (
       INSERT INTO ingest_trace_contexts (traceparent, log_ids)
       SELECT $11::varchar, array_agg(DISTINCT log_id) FROM fanout HAVING count(*) > 0
     )`;

/** The logs and their deliveries, in one statement (one round trip per batch). */
function fanOut(orgId: string, ids: string[], events: IngestEvent[], traceparent: string | null) {
  return pool().query<{ log_id: string; n: number }>({
    name: traceparent ? "hookline-ingest-events-traced" : "hookline-ingest-events",
    text: traceparent ? `${FAN_OUT}${KEEP_TRACE}\n     ${COUNTS}` : `${FAN_OUT}\n     ${COUNTS}`,
    values: [
      orgId,
      ids,
      events.map((e) => e.employee_id ?? null),
      events.map((e) => e.session_id ?? null),
      events.map((e) => e.client_name ?? null),
      events.map((e) => e.client_version ?? null),
      events.map((e) => e.event_type),
      events.map((e) => e.event_category ?? null),
      events.map((e) => e.content ?? null),
      events.map((e) => JSON.stringify(e.payload)),
      ...(traceparent ? [traceparent] : []),
    ],
  });
}

/** employee_id must name an employee of this org; another org's employee is as unknown as a made-up id. */
async function assertEmployeesBelongToOrg(
  orgId: string,
  events: IngestEvent[],
  pathPrefix: (index: number) => string,
): Promise<void> {
  const wanted = [...new Set(events.map((e) => e.employee_id?.toLowerCase()).filter((id): id is string => !!id))];
  if (wanted.length === 0) return;
  const { rows } = await pool().query<{ id: string }>(
    "SELECT id FROM employees WHERE org_id = $1 AND id = ANY ($2::uuid[])",
    [orgId, wanted],
  );
  const known = new Set(rows.map((row) => row.id));
  const fieldErrors: FieldErrors = {};
  events.forEach((event, index) => {
    if (event.employee_id && !known.has(event.employee_id.toLowerCase()))
      fieldErrors[`${pathPrefix(index)}employee_id`] = ["Unknown employee"];
  });
  if (Object.keys(fieldErrors).length) throw new ValidationError("Unknown employee_id", fieldErrors);
}

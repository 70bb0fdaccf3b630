import { z } from "zod";
import { isStorableText } from "../ingest/json-limits";
import { db } from "../db/client";
import { Prisma } from "../db/generated/prisma/client";
import { EVENT_FILTER_TEXT_MAX_CHARS, eventFilterFromText, eventFilterSchema } from "./destination-input";
import { parseDestinationInput } from "./validate-destination";

export const PREVIEW_SAMPLE_SIZE = 1000;

const previewSchema = z
  .object({
    eventTypes: z
      .array(z.string().max(100).refine(isStorableText, "Must be valid Unicode text without NUL characters"))
      .max(100)
      .default([]),
    eventFilter: eventFilterSchema.default(null),
    /** As in destinationInputSchema: the editor's text, which keeps "__proto__" keys a server action's arguments lose. */
    eventFilterText: z.string().max(EVENT_FILTER_TEXT_MAX_CHARS).optional(),
  })
  .transform(({ eventFilterText, ...rest }, ctx) => {
    if (eventFilterText === undefined) return rest;
    const parsed = eventFilterFromText(eventFilterText);
    if (!parsed.ok) {
      for (const message of parsed.messages) ctx.addIssue({ code: "custom", path: ["eventFilter"], message });
      return z.NEVER;
    }
    return { ...rest, eventFilter: parsed.value };
  });

/**
 * How many of the org's last 1,000 activity logs a destination with these settings would
 * receive — the same predicate as ingest's fan-out, evaluated by PostgreSQL's own `@>`.
 */
export async function previewEventFilter(
  orgId: string,
  input: { eventTypes?: string[]; eventFilter?: unknown; eventFilterText?: string },
): Promise<{ matched: number; sampled: number }> {
  const values = parseDestinationInput(previewSchema, input);
  const filter = values.eventFilter === null ? null : JSON.stringify(values.eventFilter);
  // Raw: jsonb containment (@>) is the fan-out's own predicate, which Prisma's JSON filters cannot say.
  const rows = await db.$queryRaw<{ matched: number; sampled: number }[]>(Prisma.sql`
    WITH recent AS (
      SELECT event_type, payload FROM activity_logs WHERE org_id = ${orgId}::uuid ORDER BY created_at DESC
       LIMIT ${PREVIEW_SAMPLE_SIZE}::int
    )
    SELECT count(*)::int AS sampled,
           count(*) FILTER (WHERE (cardinality(${values.eventTypes}::text[]) = 0 OR event_type = ANY (${values.eventTypes}::text[]))
                              AND (${filter}::jsonb IS NULL OR payload @> ${filter}::jsonb))::int AS matched
      FROM recent`);
  return rows[0] ?? { matched: 0, sampled: 0 };
}

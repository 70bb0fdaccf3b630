import { authenticateApiKey } from "./authenticate-api-key";
import { zodFieldErrors } from "../validation/field-errors";
import { readJsonBody, ONE_MIB } from "./read-json-body";
import { requireApiScope } from "./require-api-scope";
import { assertApiRateLimit } from "../rate-limit/api-limits";
import { inSpan } from "../telemetry/spans";
import { ValidationError } from "../errors";
import { ingestBatchSchema, ingestEventSchema, type IngestEvent } from "../ingest/event-schema";
import { ingestEvents, type IngestedEvent } from "../ingest/ingest-events";

export const INGEST_BODY_LIMIT = ONE_MIB;
const EVENT_FIELDS = Object.keys(ingestEventSchema.shape);
const BATCH_FIELDS = Object.keys(ingestBatchSchema.shape);

/**
 * Turns a parsed body into events: `{ "events": [...] }` is a batch, any other object is one
 * event. Deciding the shape first (instead of a zod union) keeps the field errors about the
 * shape the client actually sent.
 */
export function parseIngestBody(body: unknown): { events: IngestEvent[]; batch: boolean } {
  if (body && typeof body === "object" && !Array.isArray(body) && "events" in body) {
    const result = ingestBatchSchema.safeParse(body);
    if (!result.success)
      throw new ValidationError(
        "Invalid events",
        zodFieldErrors(result.error, {
          rootKey: "body",
          knownFieldsAt: (path) => (path.length ? EVENT_FIELDS : BATCH_FIELDS),
        }),
      );
    return { events: result.data.events, batch: true };
  }
  const result = ingestEventSchema.safeParse(body);
  if (!result.success)
    throw new ValidationError(
      "Invalid event",
      zodFieldErrors(result.error, { rootKey: "body", knownFieldsAt: () => EVENT_FIELDS }),
    );
  return { events: [result.data], batch: false };
}

/** POST /api/v1/events: auth, scope, rate limit, size limit, validation, then one atomic insert. */
export async function handleIngestRequest(request: Request): Promise<{ events: IngestedEvent[] }> {
  return inSpan("ingest events", {}, async (span) => {
    const principal = await authenticateApiKey(request);
    span.setAttribute("hookline.org_id", principal.orgId);
    requireApiScope(principal, "ingest");
    await assertApiRateLimit("ingest", principal.apiKeyId);
    const body = await readJsonBody(request, INGEST_BODY_LIMIT);
    const { events, batch } = parseIngestBody(body);
    const stored = await ingestEvents(principal.orgId, events, batch ? (i) => `events.${i}.` : () => "");
    span.setAttributes({
      "hookline.events": stored.length,
      "hookline.deliveries_created": stored.reduce((sum, e) => sum + e.deliveries, 0),
    });
    return { events: stored };
  });
}

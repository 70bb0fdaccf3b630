import { z } from "zod";
import { isStorableText, jsonObjectSchema } from "./json-limits";
import { uuidString } from "../validation/uuid";

export const MAX_EVENTS_PER_REQUEST = 500;

// Lengths are the activity_logs column limits (varchar(n)); a longer value would otherwise be
// a database error after validation passed.
const text = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .refine(isStorableText, "Must be valid Unicode text without NUL characters");

const uuidLike = uuidString();

/**
 * The payload is stored exactly as sent: a "__proto__" key is kept, and a number JSON.parse
 * could only turn into Infinity (1e400) is a 400 at its path instead of a stored null.
 */
export const payloadSchema = jsonObjectSchema("Must be a JSON object");

export const ingestEventSchema = z.strictObject({
  event_type: text(100).trim().min(1, "Required"),
  payload: payloadSchema,
  employee_id: uuidLike.nullish(),
  session_id: uuidLike.nullish(),
  client_name: text(100).nullish(),
  client_version: text(50).nullish(),
  event_category: text(50).nullish(),
  // content is `text`; the 1 MiB body limit bounds it.
  content: text(1024 * 1024).nullish(),
});

export const ingestBatchSchema = z.strictObject({
  events: z
    .array(ingestEventSchema, "Must be an array of events")
    .min(1, "Send at least one event")
    .max(MAX_EVENTS_PER_REQUEST, `At most ${MAX_EVENTS_PER_REQUEST} events per request`),
});

export type IngestEvent = z.output<typeof ingestEventSchema>;
export type IngestEventInput = z.input<typeof ingestEventSchema>;

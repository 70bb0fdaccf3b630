import { z } from "zod";
import { isStorableText, jsonProblem, MAX_JSON_DEPTH } from "./json-limits";

export const MAX_EVENTS_PER_REQUEST = 500;

// Lengths are the activity_logs column limits (varchar(n)); a longer value would otherwise be
// a database error after validation passed.
const text = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .refine(isStorableText, "Must be valid Unicode text without NUL characters");

const uuidLike = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Must be a UUID");

export const jsonObjectSchema = z
  .record(z.string(), z.unknown(), "Must be a JSON object")
  .superRefine((value, ctx) => {
    const problem = jsonProblem(value);
    if (problem === "too_deep") ctx.addIssue({ code: "custom", message: `Nested deeper than ${MAX_JSON_DEPTH} levels` });
    if (problem === "bad_text") ctx.addIssue({ code: "custom", message: "Strings must be valid Unicode without NUL (\\u0000) characters" });
  });

export const ingestEventSchema = z.strictObject({
  event_type: text(100).trim().min(1, "Required"),
  payload: jsonObjectSchema,
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

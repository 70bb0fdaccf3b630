import type { z } from "zod";
import type { FieldErrors } from "../errors";

/**
 * zod issues as `{ "events.3.event_type": ["…"] }`: the dotted path is what API clients and
 * form fields both key on. Issues about the value as a whole land under `rootKey`.
 */
export function zodFieldErrors(error: z.ZodError, rootKey = "body"): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : rootKey;
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

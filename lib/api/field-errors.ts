import type { z } from "zod";
import type { FieldErrors } from "../errors";
import { closestField } from "./unknown-fields";

/**
 * zod issues as `{ "events.3.event_type": ["…"] }`: the dotted path is what API clients and
 * form fields both key on. Issues about the value as a whole land under `rootKey`. A key a
 * strict object does not know is reported under its own path, with the field probably meant
 * when `knownFieldsAt` names the fields of the object at that path.
 */
export function zodFieldErrors(
  error: z.ZodError,
  rootKey = "body",
  knownFieldsAt?: (path: readonly PropertyKey[]) => readonly string[] | undefined,
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownFieldsAt?.(issue.path);
      for (const key of issue.keys.slice(0, 20)) {
        const meant = known ? closestField(key, known) : null;
        (out[[...issue.path, key].map(String).join(".")] ??= []).push(
          meant ? `Unknown field; did you mean ${meant}?` : "Unknown field",
        );
      }
      continue;
    }
    const key = issue.path.length ? issue.path.map(String).join(".") : rootKey;
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

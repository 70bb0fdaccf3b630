import type { z } from "zod";
import type { FieldErrors } from "../errors";
import { closestField } from "./unknown-fields";

/** Where issues about the value as a whole go: the form's own message rather than one field's. */
export const FORM_ERRORS_KEY = "_form";

export interface ZodFieldErrorsOptions {
  /**
   * The key for issues about the value as a whole. Only the public API passes one: its contract
   * names the part of the request at fault (`body`, `query`); actions and domain modules keep
   * FORM_ERRORS_KEY.
   */
  rootKey?: string;
  /** The fields of the object at a path, so an unknown key can be answered with the field probably meant. */
  knownFieldsAt?: (path: readonly PropertyKey[]) => readonly string[] | undefined;
}

/**
 * zod issues as `{ "events.3.event_type": ["…"] }`: the dotted path is what API clients and
 * form fields both key on — the one zod-to-field-errors function of the code base. A key a
 * strict object does not know is reported under its own path (at most 20 of them).
 */
export function zodFieldErrors(error: z.ZodError, options: ZodFieldErrorsOptions = {}): FieldErrors {
  const { rootKey = FORM_ERRORS_KEY, knownFieldsAt } = options;
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

/**
 * What a form shows about itself as a whole: the issues about the whole value, else the failure's
 * own message when no field carries an error — so a refusal is never silent, and a message is
 * never shown twice (once beside its field, once for the form).
 */
export function formMessage(error: string | null, fieldErrors: FieldErrors | undefined): string | null {
  const whole = fieldErrors?.[FORM_ERRORS_KEY];
  if (whole?.length) return whole.join(" ");
  return error && !Object.keys(fieldErrors ?? {}).length ? error : null;
}

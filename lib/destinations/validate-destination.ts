import type { z } from "zod";
import { zodFieldErrors } from "../validation/field-errors";
import { assertDestinationUrlAllowed, DestinationAddressError } from "../dispatcher/address-guard";
import { ValidationError } from "../errors";

/** Parses with a destination schema; failures become a ValidationError keyed by form field. */
export function parseDestinationInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError("Check the highlighted fields", zodFieldErrors(result.error));
  return result.data;
}

/** The save-time address check (DNS included); its message is shown beside the URL field. */
export async function assertUrlAllowedForSave(url: string): Promise<void> {
  try {
    await assertDestinationUrlAllowed(url);
  } catch (error) {
    if (error instanceof DestinationAddressError) throw new ValidationError(error.message, { url: [error.message] });
    throw error;
  }
}

import "../lib/validation/zod-in-browser";
import { z } from "zod";
import { EVENT_FILTER_TEXT_MAX_CHARS } from "@/lib/destinations/destination-input";

// The form validates as you type with lib/destinations' own schemas (destinationInputSchema,
// destinationUpdateSchema, eventFilterSchema); these are the action envelopes around them.
export {
  destinationInputSchema,
  destinationUpdateSchema,
  eventFilterSchema,
  DESTINATION_LIMITS,
  AUTH_TYPES,
  type DestinationInput,
} from "@/lib/destinations/destination-input";

/** The form's values, checked in full by createDestination / updateDestination (field errors keyed by form field). */
export const destinationFormSchema = z.record(z.string(), z.unknown(), "Expected the form's values");
export const destinationIdSchema = z.strictObject({ id: z.string().max(64) });
export const updateDestinationSchema = z.strictObject({ id: z.string().max(64), values: destinationFormSchema });
export const setEnabledSchema = z.strictObject({ id: z.string().max(64), enabled: z.boolean() });
export const previewFilterSchema = z.strictObject({
  eventTypes: z.array(z.string()).max(100),
  eventFilter: z.unknown().optional(),
  eventFilterText: z.string().max(EVENT_FILTER_TEXT_MAX_CHARS).optional(),
});

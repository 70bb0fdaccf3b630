import "../lib/validation/zod-in-browser";
import { z } from "zod";

/**
 * What a bulk action applies to: the ticked rows, or everything the table's current URL
 * matches (`query` is that URL's search string; the server parses it exactly as the page does,
 * so "all matching" means what the admin sees).
 */
export const deliveryTargetSchema = z.union([
  z.strictObject({
    ids: z
      .array(z.string().max(64))
      .min(1, "Select at least one delivery")
      .max(10_000, "At most 10,000 selected; use “all matching” for more"),
  }),
  z.strictObject({ query: z.string().max(8000) }),
]);
export type DeliveryTargetInput = z.input<typeof deliveryTargetSchema>;

export const deliveryQuerySchema = z.strictObject({ query: z.string().max(8000) });

import "../lib/validation/zod-in-browser";
import { z } from "zod";

/** The ticked dead letters, or everything the failures table's URL matches (parsed server-side). */
export const failedWebhookTargetSchema = z.union([
  z.strictObject({
    ids: z
      .array(z.string().max(20))
      .min(1, "Select at least one row")
      .max(10_000, "At most 10,000 selected; use “all matching” for more"),
  }),
  z.strictObject({ query: z.string().max(8000) }),
]);
export type FailedWebhookTargetInput = z.input<typeof failedWebhookTargetSchema>;

export const failedWebhookQuerySchema = z.strictObject({ query: z.string().max(8000) });

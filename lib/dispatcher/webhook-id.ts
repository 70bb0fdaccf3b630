import { createHash } from "node:crypto";

/**
 * The `webhook-id` header. One event: its delivery id. A batch: `batch_` + the first 32 hex
 * digits of SHA-256 over its delivery ids, sorted and comma-joined — the same set of deliveries
 * always gets the same id, so a receiver can de-duplicate a retried batch. A retry that groups
 * the deliveries differently is a different message (each event's own `id` still identifies it).
 */
export function webhookMessageId(deliveryIds: readonly string[]): string {
  if (deliveryIds.length === 1) return deliveryIds[0]!;
  const digest = createHash("sha256")
    .update([...deliveryIds].sort().join(","))
    .digest("hex");
  return `batch_${digest.slice(0, 32)}`;
}

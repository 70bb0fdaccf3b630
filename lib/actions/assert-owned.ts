import "server-only";
import { isBigintId, isUuid } from "../validation/ids";
import { db } from "../db/client";
import { NotFoundError } from "../errors";

// Bulk functions simply skip ids outside the org (they match nothing). An action that names
// rows explicitly answers "not found" instead, as a single-row action would: the org comes from
// the rows themselves, never from the client.

export async function assertDeliveriesInOrg(orgId: string, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (wanted.some((id) => !isUuid(id))) throw new NotFoundError("Delivery");
  const found = await db.webhookDelivery.count({ where: { id: { in: wanted }, destination: { orgId } } });
  if (found !== wanted.length) throw new NotFoundError(wanted.length === 1 ? "Delivery" : "One or more deliveries");
}

export async function assertFailedWebhooksInOrg(orgId: string, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.some((id) => !isBigintId(id))) throw new NotFoundError("Failed webhook");
  // Dead letters have no foreign keys by design: the org is the string org_id of their payload.
  const found = await db.failedWebhook.count({
    where: { id: { in: wanted.map(BigInt) }, webhookPayloadJson: { path: ["org_id"], equals: orgId } },
  });
  if (found !== wanted.length)
    throw new NotFoundError(wanted.length === 1 ? "Failed webhook" : "One or more failed webhooks");
}

import { isBigintId, isUuid } from "../validation/ids";
import { pool } from "../db/client";
import { NotFoundError } from "../errors";

// Bulk functions simply skip ids outside the org (they match nothing). An action that names
// rows explicitly answers "not found" instead, as a single-row action would: the org comes from
// the rows themselves, never from the client.

export async function assertDeliveriesInOrg(orgId: string, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (wanted.some((id) => !isUuid(id))) throw new NotFoundError("Delivery");
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_deliveries d
      WHERE d.id = ANY ($1::uuid[]) AND d.destination_id IN (SELECT id FROM webhook_destinations WHERE org_id = $2)`,
    [wanted, orgId],
  );
  if (rows[0]!.n !== wanted.length)
    throw new NotFoundError(wanted.length === 1 ? "Delivery" : "One or more deliveries");
}

export async function assertFailedWebhooksInOrg(orgId: string, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.some((id) => !isBigintId(id))) throw new NotFoundError("Failed webhook");
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM failed_webhooks f WHERE f.id = ANY ($1::bigint[]) AND (f.webhook_payload_json ->> 'org_id') = $2::text`,
    [wanted, orgId],
  );
  if (rows[0]!.n !== wanted.length)
    throw new NotFoundError(wanted.length === 1 ? "Failed webhook" : "One or more failed webhooks");
}

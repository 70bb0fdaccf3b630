import { isBigintId } from "../validation/ids";
import { checkSelectionSize } from "../bulk/bulk-target";
import { likePattern, Prisma, utc, type Sql } from "../db/sql";
import type { FailedWebhookFilter } from "./failed-webhook-filter";

export type FailedWebhookTarget = { ids: string[] } | { filter: FailedWebhookFilter };

/**
 * Conditions over `f` (failed_webhooks). The org is the envelope's org_id — the table has no
 * foreign keys by design — and that expression is indexed together with created_at.
 */
export function failedWebhookConditions(orgId: string, filter: FailedWebhookFilter): Sql[] {
  const where = [Prisma.sql`(f.webhook_payload_json ->> 'org_id') = ${orgId}`];
  if (filter.status?.length) where.push(Prisma.sql`f.status = ANY (${filter.status}::failed_webhook_status[])`);
  if (filter.destinationId?.length)
    where.push(
      Prisma.sql`(f.webhook_payload_json ->> 'destination_id') = ANY (${filter.destinationId.map((id) => id.toLowerCase())}::text[])`,
    );
  if (filter.eventType) where.push(Prisma.sql`(f.webhook_payload_json ->> 'event_type') = ${filter.eventType}`);
  if (filter.createdFrom) where.push(Prisma.sql`f.created_at >= ${utc(filter.createdFrom)}`);
  if (filter.createdTo) where.push(Prisma.sql`f.created_at < ${utc(filter.createdTo)}`);
  if (filter.q) where.push(Prisma.sql`f.error_message ILIKE ${likePattern(filter.q)}`);
  return where;
}

export function failedWebhookTargetConditions(orgId: string, target: FailedWebhookTarget): Sql[] {
  if ("ids" in target) {
    checkSelectionSize(target.ids);
    return [...failedWebhookConditions(orgId, {}), Prisma.sql`f.id = ANY (${target.ids.filter(isBigintId)}::bigint[])`];
  }
  return failedWebhookConditions(orgId, target.filter);
}

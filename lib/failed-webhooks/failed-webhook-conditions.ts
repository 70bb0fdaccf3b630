import { isBigintId } from "../validation/ids";
import { ValidationError } from "../errors";
import { likePattern, utc } from "../deliveries/delivery-conditions";
import { MAX_SELECTED_IDS } from "../deliveries/delivery-target";
import type { FailedWebhookFilter } from "./failed-webhook-filter";

export type FailedWebhookTarget = { ids: string[] } | { filter: FailedWebhookFilter };

/**
 * Conditions over `f` (failed_webhooks). The org is the envelope's org_id — the table has no
 * foreign keys by design — and that expression is indexed together with created_at.
 */
export function failedWebhookConditions(orgId: string, filter: FailedWebhookFilter, params: unknown[]): string[] {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`(f.webhook_payload_json ->> 'org_id') = ${p(orgId)}`];
  if (filter.status?.length) where.push(`f.status = ANY (${p(filter.status)}::failed_webhook_status[])`);
  if (filter.destinationId?.length)
    where.push(
      `(f.webhook_payload_json ->> 'destination_id') = ANY (${p(filter.destinationId.map((id) => id.toLowerCase()))}::text[])`,
    );
  if (filter.eventType) where.push(`(f.webhook_payload_json ->> 'event_type') = ${p(filter.eventType)}`);
  if (filter.createdFrom) where.push(`f.created_at >= ${p(utc(filter.createdFrom))}`);
  if (filter.createdTo) where.push(`f.created_at < ${p(utc(filter.createdTo))}`);
  if (filter.q) where.push(`f.error_message ILIKE ${p(likePattern(filter.q))}`);
  return where;
}

export function failedWebhookTargetConditions(orgId: string, target: FailedWebhookTarget, params: unknown[]): string[] {
  if ("ids" in target) {
    if (target.ids.length > MAX_SELECTED_IDS)
      throw new ValidationError(`At most ${MAX_SELECTED_IDS} ids at once; use a filter for more`, {
        ids: ["Too many ids"],
      });
    const where = failedWebhookConditions(orgId, {}, params);
    params.push(target.ids.filter(isBigintId));
    where.push(`f.id = ANY ($${params.length}::bigint[])`);
    return where;
  }
  return failedWebhookConditions(orgId, target.filter, params);
}

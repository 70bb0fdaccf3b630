import "server-only";
import { Prisma } from "../db/sql";
import { countWithFallback, type CountOptions, type CountResult } from "../list/count-with-fallback";
import {
  fetchKeysetRows,
  firstPageInstead,
  INTEGER_TEXT,
  keysetPaging,
  TIMESTAMP_TEXT,
  toKeysetPage,
  type KeysetColumn,
  type KeysetListOptions,
  type KeysetPage,
  type KeysetQuery,
} from "../list/keyset";
import { failedWebhookConditions } from "./failed-webhook-conditions";
import {
  DEFAULT_FAILED_WEBHOOK_SORT,
  type FailedWebhookFilter,
  type FailedWebhookSort,
  type FailedWebhookSortColumn,
  type FailedWebhookStatus,
} from "./failed-webhook-filter";

export interface FailedWebhookListRow {
  id: string;
  status: FailedWebhookStatus;
  /** From the stored envelope; null if the envelope lacks them. */
  deliveryId: string | null;
  destinationId: string | null;
  destinationName: string | null;
  eventType: string | null;
  url: string | null;
  errorMessage: string | null;
  attemptCount: number;
  lastAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const FAILED_WEBHOOK_SORT_KEYS: Record<FailedWebhookSortColumn, KeysetColumn> = {
  created_at: { expr: "f.created_at", type: "timestamp", nullable: false, pattern: TIMESTAMP_TEXT },
  last_attempt_at: { expr: "f.last_attempt_at", type: "timestamp", nullable: true, pattern: TIMESTAMP_TEXT },
  attempt_count: { expr: "f.attempt_count", type: "smallint", nullable: false, pattern: INTEGER_TEXT },
};

const ID_PATTERN = /^[1-9][0-9]{0,17}$/;

export const FAILED_WEBHOOK_COLUMNS = `f.id::text AS id, f.status::text AS status,
  f.webhook_payload_json ->> 'delivery_id' AS delivery_id, f.webhook_payload_json ->> 'destination_id' AS destination_id,
  f.webhook_payload_json ->> 'destination_name' AS destination_name, f.webhook_payload_json ->> 'event_type' AS event_type,
  f.webhook_payload_json ->> 'url' AS url, f.error_message, f.attempt_count, f.last_attempt_at, f.created_at, f.updated_at`;

export interface RawFailedWebhookRow {
  id: string;
  status: FailedWebhookStatus;
  delivery_id: string | null;
  destination_id: string | null;
  destination_name: string | null;
  event_type: string | null;
  url: string | null;
  error_message: string | null;
  attempt_count: number;
  last_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toFailedWebhookRow(r: RawFailedWebhookRow): FailedWebhookListRow {
  return {
    id: r.id,
    status: r.status,
    deliveryId: r.delivery_id,
    destinationId: r.destination_id,
    destinationName: r.destination_name,
    eventType: r.event_type,
    url: r.url,
    errorMessage: r.error_message,
    attemptCount: r.attempt_count,
    lastAttemptAt: r.last_attempt_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type ListFailedWebhooksOptions = KeysetListOptions<FailedWebhookSort>;

/** One keyset page of the org's dead letters, in display order. */
export async function listFailedWebhooks(
  orgId: string,
  filter: FailedWebhookFilter,
  options: ListFailedWebhooksOptions = {},
): Promise<KeysetPage<FailedWebhookListRow>> {
  const paging = keysetPaging(options, {
    defaultSort: DEFAULT_FAILED_WEBHOOK_SORT,
    columns: FAILED_WEBHOOK_SORT_KEYS,
    idPattern: ID_PATTERN,
  });
  const query: KeysetQuery = {
    select: FAILED_WEBHOOK_COLUMNS,
    from: "failed_webhooks f",
    where: failedWebhookConditions(orgId, filter),
    column: paging.column,
    idExpr: "f.id",
    idType: "bigint",
    order: paging.sort.order,
    cursor: paging.cursor,
    direction: paging.direction,
    limit: paging.limit,
  };
  const rows = await fetchKeysetRows<RawFailedWebhookRow & { sort_value: string | null }>(query);
  const firstPage = firstPageInstead(paging, rows, options);
  if (firstPage) return listFailedWebhooks(orgId, filter, firstPage);
  return toKeysetPage(rows, query, paging.sortKey, (r) => r.id, toFailedWebhookRow);
}

/** Exact while cheap, else the planner's estimate (see countDeliveries). */
export async function countFailedWebhooks(
  orgId: string,
  filter: FailedWebhookFilter,
  options: CountOptions = {},
): Promise<CountResult> {
  const where = Prisma.join(failedWebhookConditions(orgId, filter), " AND ");
  return countWithFallback(Prisma.sql`SELECT 1 FROM failed_webhooks f WHERE ${where}`, options);
}

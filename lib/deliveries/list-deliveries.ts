import "server-only";
import { deliveryConditions, loadOrgDestinations } from "./delivery-conditions";
import {
  DEFAULT_DELIVERY_SORT,
  type DeliveryFilter,
  type DeliverySort,
  type DeliverySortColumn,
  type DeliveryStatus,
} from "./delivery-filter";
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
import { UUID_PATTERN } from "../validation/uuid";

export interface DeliveryListRow {
  id: string;
  destinationId: string;
  destinationName: string;
  logId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  errorMessage: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextRetryAt: Date | null;
  deliveredAt: Date | null;
}

export type ListDeliveriesOptions = KeysetListOptions<DeliverySort>;

export const DELIVERY_SORT_KEYS: Record<DeliverySortColumn, KeysetColumn> = {
  created_at: { expr: "d.created_at", type: "timestamp", nullable: false, pattern: TIMESTAMP_TEXT },
  last_attempt_at: {
    expr: "d.last_attempt_at",
    type: "timestamp",
    nullable: true,
    nullsInIdOrder: true,
    pattern: TIMESTAMP_TEXT,
  },
  next_retry_at: {
    expr: "d.next_retry_at",
    type: "timestamp",
    nullable: true,
    nullsInIdOrder: true,
    pattern: TIMESTAMP_TEXT,
  },
  // NULLIF: never-attempted rows (0) are the NULL segment, read in id order, so the sort's
  // index can leave out every new delivery (migration 20261204900000). The order is the same.
  attempts: { expr: "NULLIF(d.attempts, 0)", type: "int", nullable: true, nullsInIdOrder: true, pattern: INTEGER_TEXT },
};

interface RawDeliveryRow {
  id: string;
  destination_id: string;
  log_id: string;
  status: DeliveryStatus;
  attempts: number;
  response_status: number | null;
  error_message: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  next_retry_at: Date | null;
  delivered_at: Date | null;
  sort_value: string | null;
  event_type: string | null;
}

export const DELIVERY_LIST_COLUMNS =
  "d.id, d.destination_id, d.log_id, d.status, d.attempts, d.response_status, d.error_message, d.created_at, " +
  "d.last_attempt_at, d.next_retry_at, d.delivered_at";

/**
 * Each page row's event type, a primary-key lookup per row of the page: kept out of the paging
 * query's plan (it runs after the LIMIT) without a statement of its own.
 */
const EVENT_TYPE_OF_PAGE_ROW = "(SELECT l.event_type FROM activity_logs l WHERE l.id = p.log_id) AS event_type";

/**
 * One page of the org's deliveries, keyset-paginated: the cost of a page does not grow with
 * how deep it is. Rows come in display order; `nextCursor`/`prevCursor` are null at the ends.
 * A `prev` request that reaches the start returns the first page in full.
 */
export async function listDeliveries(
  orgId: string,
  filter: DeliveryFilter,
  options: ListDeliveriesOptions = {},
): Promise<KeysetPage<DeliveryListRow>> {
  const paging = keysetPaging(options, {
    defaultSort: DEFAULT_DELIVERY_SORT,
    columns: DELIVERY_SORT_KEYS,
    idPattern: UUID_PATTERN,
  });
  const org = await loadOrgDestinations(orgId);
  if (org.ids.length === 0) return { rows: [], nextCursor: null, prevCursor: null };
  const query: KeysetQuery = {
    select: DELIVERY_LIST_COLUMNS,
    from: "webhook_deliveries d",
    where: deliveryConditions(org, filter),
    column: paging.column,
    idExpr: "d.id",
    idType: "uuid",
    order: paging.sort.order,
    cursor: paging.cursor,
    direction: paging.direction,
    limit: paging.limit,
    emptySegments: emptySegmentsFor(paging.sort.by, filter.status),
    pageColumns: EVENT_TYPE_OF_PAGE_ROW,
  };
  const rows = await fetchKeysetRows<RawDeliveryRow>(query);
  const firstPage = firstPageInstead(paging, rows, options);
  if (firstPage) return listDeliveries(orgId, filter, firstPage);
  return toKeysetPage(
    rows,
    query,
    paging.sortKey,
    (r) => r.id,
    (r) => ({
      id: r.id,
      destinationId: r.destination_id,
      destinationName: org.names.get(r.destination_id) ?? "",
      logId: r.log_id,
      eventType: r.event_type ?? "",
      status: r.status,
      attempts: r.attempts,
      responseStatus: r.response_status,
      errorMessage: r.error_message,
      createdAt: r.created_at,
      lastAttemptAt: r.last_attempt_at,
      nextRetryAt: r.next_retry_at,
      deliveredAt: r.delivered_at,
    }),
  );
}

/**
 * What the delivery state machine guarantees (lib/dispatcher/record-outcomes.ts is the only
 * writer of `delivered` and `failed`; cancel and retry clear next_retry_at): a delivered or
 * failed row has a last attempt and at least one attempt; a delivered or dead row has no next
 * retry; a failed row always has one. With a status filter inside those sets, a sort segment is empty by
 * construction, and skipping it saves walking it: "delivered, oldest attempt first" used to
 * read every never-attempted row first to find none (~200 ms at a million deliveries).
 */
export function emptySegmentsFor(
  sortBy: DeliverySortColumn,
  status: readonly DeliveryStatus[] | undefined,
): { nulls?: boolean; values?: boolean } {
  if (!status?.length) return {};
  const within = (allowed: DeliveryStatus[]) => status.every((s) => allowed.includes(s));
  if (sortBy === "last_attempt_at") return { nulls: within(["delivered", "failed"]) };
  if (sortBy === "next_retry_at") return { values: within(["delivered", "dead"]), nulls: within(["failed"]) };
  // Only an attempt makes a row delivered or failed (a cancelled row is dead with any count).
  if (sortBy === "attempts") return { nulls: within(["delivered", "failed"]) };
  return {};
}

import "../validation/zod-in-browser";
import type { inferParserType } from "nuqs/server";
import { z } from "zod";
import { listSearchSpec } from "../list/list-search-spec";
import {
  parseAsRangeDate,
  parseAsSchema,
  parseAsSchemaList,
  urlUuid,
  apiInstant,
  type FilterOf,
  type ListSearchState,
} from "../list/search-param-parsers";
import {
  DEFAULT_DELIVERY_SORT,
  DELIVERY_SORT_COLUMNS,
  DELIVERY_STATUSES,
  responseStatusFilterSchema,
  searchText,
  type DeliverySort,
} from "./delivery-filter";

// Client-safe: the deliveries list's one URL spec. The page loads it (cache), links and the
// table's canonical query serialize it, and the management API derives its strict query from it.

const count = z.string().trim().min(1).transform(Number).pipe(z.number().int().min(0).max(1000));

/** Keys are the list functions' filter keys. Date ranges are [from, to): see parseAsRangeDate. */
export const deliveryFilterParsers = {
  status: parseAsSchemaList(z.enum(DELIVERY_STATUSES), 4),
  destinationId: parseAsSchemaList(urlUuid, 100),
  eventType: parseAsSchema(searchText(100)),
  responseStatus: parseAsSchema(responseStatusFilterSchema),
  createdFrom: parseAsRangeDate("from"),
  createdTo: parseAsRangeDate("to"),
  lastAttemptFrom: parseAsRangeDate("from"),
  lastAttemptTo: parseAsRangeDate("to"),
  /** Text searched in error_message (case-insensitive substring). */
  q: parseAsSchema(searchText(200)),
  minAttempts: parseAsSchema(count),
  /** The deliveries one activity log fanned out to. */
  logId: parseAsSchema(urlUuid),
};
export type DeliveryFilter = FilterOf<typeof deliveryFilterParsers>;

const deliveryList = listSearchSpec(deliveryFilterParsers, {
  columns: DELIVERY_SORT_COLUMNS,
  defaultSort: DEFAULT_DELIVERY_SORT,
});
export const deliverySearchParams = deliveryList.parsers;
export type DeliverySearchValues = inferParserType<typeof deliverySearchParams>;
export type DeliverySearchState = ListSearchState<DeliveryFilter, DeliverySort>;
export const deliverySearchParamsCache = deliveryList.cache;
export const loadDeliverySearchParams = deliveryList.load;
export const serializeDeliverySearchParams = deliveryList.serialize;
export const deliveryListUrl = deliveryList.url;
/** The page's state from a URL; never throws (see listSearchSpec). */
export const parseDeliverySearchParams = deliveryList.parse;

/** A deep link into the filtered table (overview, destination and activity pages). */
export function deliveriesHref(values: Partial<DeliverySearchValues> = {}): string {
  return serializeDeliverySearchParams("/deliveries", values);
}

// The API has no last-attempt range (its document lists its parameters).
const { lastAttemptFrom: _from, lastAttemptTo: _to, ...apiShared } = deliveryFilterParsers;
/**
 * The management API's filter parameters: the same parsers under snake_case keys, except that its
 * `from`/`to` bound created_at as exact instants (the API document says `created_at < to`): a
 * date-only `to` is not moved to the next midnight as the page's date picker needs.
 */
export const deliveryApiFilterParsers = { ...apiShared, createdFrom: apiInstant, createdTo: apiInstant };
export const deliveryApiUrlKeys = {
  destinationId: "destination_id",
  eventType: "event_type",
  responseStatus: "response_status",
  minAttempts: "min_attempts",
  logId: "log_id",
  createdFrom: "from",
  createdTo: "to",
} as const;

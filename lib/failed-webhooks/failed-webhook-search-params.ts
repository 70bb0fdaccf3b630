import "../validation/zod-in-browser";
import type { inferParserType } from "nuqs/server";
import { z } from "zod";
import { searchText } from "../deliveries/delivery-filter";
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
  DEFAULT_FAILED_WEBHOOK_SORT,
  FAILED_WEBHOOK_SORT_COLUMNS,
  FAILED_WEBHOOK_STATUSES,
  type FailedWebhookSort,
} from "./failed-webhook-filter";

// Client-safe: the failures list's one URL spec (page cache, links, canonical query, and the
// management API's strict query). Destination and event type are read from the stored envelope.

export const failedWebhookFilterParsers = {
  status: parseAsSchemaList(z.enum(FAILED_WEBHOOK_STATUSES), 3),
  destinationId: parseAsSchemaList(urlUuid, 100),
  eventType: parseAsSchema(searchText(100)),
  createdFrom: parseAsRangeDate("from"),
  createdTo: parseAsRangeDate("to"),
  q: parseAsSchema(searchText(200)),
};
export type FailedWebhookFilter = FilterOf<typeof failedWebhookFilterParsers>;

const failedWebhookList = listSearchSpec(failedWebhookFilterParsers, {
  columns: FAILED_WEBHOOK_SORT_COLUMNS,
  defaultSort: DEFAULT_FAILED_WEBHOOK_SORT,
});
export const failedWebhookSearchParams = failedWebhookList.parsers;
export type FailedWebhookSearchValues = inferParserType<typeof failedWebhookSearchParams>;
export type FailedWebhookSearchState = ListSearchState<FailedWebhookFilter, FailedWebhookSort>;
export const failedWebhookSearchParamsCache = failedWebhookList.cache;
export const loadFailedWebhookSearchParams = failedWebhookList.load;
export const serializeFailedWebhookSearchParams = failedWebhookList.serialize;
export const failedWebhookListUrl = failedWebhookList.url;
/** The failures page's state from a URL; bad values fall back to defaults, never an error. */
export const parseFailedWebhookSearchParams = failedWebhookList.parse;

export function failuresHref(values: Partial<FailedWebhookSearchValues> = {}): string {
  return serializeFailedWebhookSearchParams("/failures", values);
}

/** The management API's parameters: as the deliveries' (snake_case keys, exact-instant from/to). */
export const failedWebhookApiFilterParsers = {
  ...failedWebhookFilterParsers,
  createdFrom: apiInstant,
  createdTo: apiInstant,
};
export const failedWebhookApiUrlKeys = {
  destinationId: "destination_id",
  eventType: "event_type",
  createdFrom: "from",
  createdTo: "to",
} as const;

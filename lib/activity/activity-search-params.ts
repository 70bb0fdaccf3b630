import "../validation/zod-in-browser";
import { createLoader, createSerializer, type LoaderInput, createSearchParamsCache } from "nuqs/server";
import { z } from "zod";
import {
  filterOf,
  listUrlSpec,
  pagingParsers,
  pagingUrlKeys,
  parseAsRangeDate,
  parseAsSchema,
  parseAsSchemaList,
  urlUuid,
  type FilterOf,
  type PerPage,
} from "../list/search-param-parsers";

// Client-safe: the activity list's one URL spec (page cache, links, the table's canonical query).
// Keys match the deliveries page (`cursor`, `dir`, `perPage`); activity has no sort of its own.

const shortText = (max: number) => z.string().trim().min(1).max(max);

export const activityFilterParsers = {
  eventType: parseAsSchemaList(shortText(100), 50),
  category: parseAsSchemaList(shortText(50), 50),
  employeeId: parseAsSchemaList(urlUuid, 50),
  client: parseAsSchemaList(shortText(100), 20),
  from: parseAsRangeDate("from"),
  to: parseAsRangeDate("to"),
  /** Case-insensitive substring of the content column. */
  q: parseAsSchema(shortText(200)),
};
/** The backend's filter for activity logs: every value already validated. */
export type ActivityFilter = FilterOf<typeof activityFilterParsers>;

export const activitySearchParams = { ...activityFilterParsers, ...pagingParsers };

const urlKeys = pagingUrlKeys;
export const activitySearchParamsCache = createSearchParamsCache(activitySearchParams, { urlKeys });
export const loadActivitySearchParams = createLoader(activitySearchParams, { urlKeys });
export const serializeActivitySearchParams = createSerializer(activitySearchParams, { urlKeys });
/** The table's binding: URL keys and the canonical query of the address bar. */
export const activityListUrl = listUrlSpec(activitySearchParams, urlKeys);

export interface ActivitySearchState {
  filter: ActivityFilter;
  perPage: PerPage;
  cursor: string | null;
  direction: "next" | "prev";
}

/** The activity page's state from its URL. Never throws; a bad value is dropped. */
export function parseActivitySearchParams(params: LoaderInput): ActivitySearchState {
  const { perPage, cursor, direction, ...values } = loadActivitySearchParams(params);
  return { filter: filterOf(activityFilterParsers, values), perPage, cursor, direction };
}

import "../validation/zod-in-browser";
import { z } from "zod";
import { isStorableText } from "../ingest/json-limits";
import type { SortSpec } from "../list/search-param-parsers";

// Client-safe: the deliveries' filter vocabulary. The URL keys and their parsers live in
// delivery-search-params.ts; the list functions import the types from here.

export type { DeliveryFilter, DeliverySearchState } from "./delivery-search-params";
export type { SortSpec } from "../list/search-param-parsers";

export const DELIVERY_STATUSES = ["pending", "delivered", "failed", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_SORT_COLUMNS = ["created_at", "last_attempt_at", "next_retry_at", "attempts"] as const;
export type DeliverySortColumn = (typeof DELIVERY_SORT_COLUMNS)[number];

export const RESPONSE_STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx", "none"] as const;
/** A class of HTTP statuses, "none" (no response: network error or never attempted), or an exact code. */
export type ResponseStatusFilter = (typeof RESPONSE_STATUS_CLASSES)[number] | number;

export type DeliverySort = SortSpec<DeliverySortColumn>;
export const DEFAULT_DELIVERY_SORT: DeliverySort = { by: "created_at", order: "desc" };

export const responseStatusFilterSchema = z.union([
  z.enum(RESPONSE_STATUS_CLASSES),
  z.coerce
    .number()
    .int("Must be a whole number")
    .min(100, "HTTP statuses are 100–599")
    .max(599, "HTTP statuses are 100–599"),
]);

/** Free text sent to PostgreSQL as a parameter: NUL or an unpaired surrogate would be a database error. */
export const searchText = (max: number) =>
  z.string().trim().min(1).max(max).refine(isStorableText, "Must be valid Unicode text without NUL characters");

import type { SortSpec } from "../list/search-param-parsers";

// Client-safe: the dead letters' filter vocabulary. The URL keys and their parsers live in
// failed-webhook-search-params.ts; the list functions import the types from here.

export type { FailedWebhookFilter, FailedWebhookSearchState } from "./failed-webhook-search-params";

export const FAILED_WEBHOOK_STATUSES = ["pending", "retried", "failed_permanently"] as const;
export type FailedWebhookStatus = (typeof FAILED_WEBHOOK_STATUSES)[number];

export const FAILED_WEBHOOK_SORT_COLUMNS = ["created_at", "last_attempt_at", "attempt_count"] as const;
export type FailedWebhookSortColumn = (typeof FAILED_WEBHOOK_SORT_COLUMNS)[number];
export type FailedWebhookSort = SortSpec<FailedWebhookSortColumn>;
export const DEFAULT_FAILED_WEBHOOK_SORT: FailedWebhookSort = { by: "created_at", order: "desc" };

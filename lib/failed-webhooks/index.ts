// The dead-letter functions the dashboard and the management API share.
export * from "./failed-webhook-filter";
export type { FailedWebhookTarget } from "./failed-webhook-conditions";
export {
  listFailedWebhooks,
  countFailedWebhooks,
  type FailedWebhookListRow,
  type ListFailedWebhooksOptions,
} from "./list-failed-webhooks";
export { getFailedWebhook, type FailedWebhookDetail } from "./get-failed-webhook";
export { retryFailedWebhooks, type RetryFailedWebhooksResult } from "./retry-failed-webhooks";
export { discardFailedWebhooks } from "./discard-failed-webhooks";
export * from "./failed-webhook-search-params";

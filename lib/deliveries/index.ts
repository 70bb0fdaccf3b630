// The delivery functions the dashboard and the management API share.
export * from "./delivery-filter";
export { listDeliveries, type DeliveryListRow, type ListDeliveriesOptions } from "./list-deliveries";
export { countDeliveries } from "./count-deliveries";
export { EXACT_COUNT_LIMIT, type CountOptions, type CountResult } from "../list/count-with-fallback";
export { getDeliveryDetail, type DeliveryDetail, type DeliveryAttemptView } from "./get-delivery-detail";
export { retryDeliveries } from "./retry-deliveries";
export { cancelDeliveries } from "./cancel-deliveries";
export { exportDeliveries, exportDeliveriesStream, type ExportFormat } from "./export-deliveries";
export type { DeliveryTarget } from "./delivery-target";
export type { BulkProgress } from "../bulk/bulk-target";
export type { KeysetPage, PageDirection } from "../list/keyset";
export * from "./delivery-search-params";

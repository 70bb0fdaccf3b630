// The destination functions the dashboard and the management API share.
export * from "./destination-input";
export type { DestinationView, MaskedAuth } from "./destination-view";
export { createDestination } from "./create-destination";
export { updateDestination } from "./update-destination";
export { deleteDestination, countDestinationDeliveries } from "./delete-destination";
export { getDestination } from "./get-destination";
export {
  listDestinations,
  type DestinationListItem,
  type DestinationHealth,
  type HourlyAttempts,
} from "./list-destinations";
export { setDestinationEnabled } from "./set-destination-enabled";
export { rotateSigningSecret, PREVIOUS_SECRET_TTL_HOURS } from "./rotate-signing-secret";
export { revealSigningSecret } from "./reveal-signing-secret";
export { previewEventFilter, PREVIEW_SAMPLE_SIZE } from "./preview-event-filter";
export { listEventTypes } from "./list-event-types";

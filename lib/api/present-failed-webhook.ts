import type { FailedWebhookDetail } from "../failed-webhooks/get-failed-webhook";
import type { FailedWebhookListRow } from "../failed-webhooks/list-failed-webhooks";

// Failed webhooks as the management API shows them: snake_case field names; the stored
// envelope (`payload`) is passed through as written.

export function presentFailedWebhook(row: FailedWebhookListRow) {
  return {
    id: row.id,
    status: row.status,
    delivery_id: row.deliveryId,
    destination_id: row.destinationId,
    destination_name: row.destinationName,
    event_type: row.eventType,
    url: row.url,
    error_message: row.errorMessage,
    attempt_count: row.attemptCount,
    last_attempt_at: row.lastAttemptAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function presentFailedWebhookDetail(detail: FailedWebhookDetail) {
  const { delivery, destination, activityLog } = detail.links;
  return {
    ...presentFailedWebhook(detail),
    payload: detail.payload,
    links: {
      delivery: delivery ? { id: delivery.id, status: delivery.status, attempts: delivery.attempts } : null,
      destination: destination ? { id: destination.id, name: destination.name, enabled: destination.enabled } : null,
      activity_log: activityLog
        ? { id: activityLog.id, event_type: activityLog.eventType, created_at: activityLog.createdAt }
        : null,
    },
  };
}

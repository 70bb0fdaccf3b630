import type { DeliveryDetail } from "../deliveries/get-delivery-detail";
import type { DeliveryListRow } from "../deliveries/list-deliveries";

// Deliveries as the management API shows them: snake_case field names. The event's payload
// and the recorded HTTP headers are data, passed through exactly as stored.

export function presentDelivery(row: DeliveryListRow) {
  return {
    id: row.id,
    destination_id: row.destinationId,
    destination_name: row.destinationName,
    log_id: row.logId,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    response_status: row.responseStatus,
    error_message: row.errorMessage,
    created_at: row.createdAt,
    last_attempt_at: row.lastAttemptAt,
    next_retry_at: row.nextRetryAt,
    delivered_at: row.deliveredAt,
  };
}

export function presentDeliveryDetail(detail: DeliveryDetail) {
  const { delivery, log, destination } = detail;
  return {
    delivery: {
      id: delivery.id,
      status: delivery.status,
      attempts: delivery.attempts,
      last_attempt_at: delivery.lastAttemptAt,
      next_retry_at: delivery.nextRetryAt,
      response_status: delivery.responseStatus,
      response_body: delivery.responseBody,
      error_message: delivery.errorMessage,
      created_at: delivery.createdAt,
      delivered_at: delivery.deliveredAt,
    },
    log: {
      id: log.id,
      event_type: log.eventType,
      event_category: log.eventCategory,
      employee_id: log.employeeId,
      session_id: log.sessionId,
      client_name: log.clientName,
      client_version: log.clientVersion,
      content: log.content,
      payload: log.payload,
      created_at: log.createdAt,
    },
    destination: {
      id: destination.id,
      name: destination.name,
      url: destination.url,
      auth_type: destination.authType,
      enabled: destination.enabled,
      retry_max: destination.retryMax,
    },
    attempts: detail.attempts.map((a) => ({
      id: a.id,
      attempt_number: a.attemptNumber,
      started_at: a.startedAt,
      duration_ms: a.durationMs,
      request_url: a.requestUrl,
      request_headers: a.requestHeaders,
      batch_size: a.batchSize,
      response_status: a.responseStatus,
      response_headers: a.responseHeaders,
      response_body: a.responseBody,
      error: a.error,
      outcome: a.outcome,
    })),
    failed_webhook: detail.failedWebhook ? { id: detail.failedWebhook.id, status: detail.failedWebhook.status } : null,
  };
}

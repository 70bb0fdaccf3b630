import type { ClaimedDelivery } from "./claimed-delivery";

/** What a receiver gets for one event (a batch POST carries a JSON array of these). */
export interface EventEnvelope {
  /** The delivery id: stable across retries, so receivers can de-duplicate on it. */
  id: string;
  type: string;
  timestamp: string;
  data: {
    log_id: string;
    employee_id: string | null;
    session_id: string | null;
    client_name: string | null;
    client_version: string | null;
    event_category: string | null;
    content: string | null;
    payload: unknown;
  };
}

export function buildEventEnvelope(delivery: ClaimedDelivery): EventEnvelope {
  const e = delivery.event;
  return {
    id: delivery.id,
    type: e.type,
    timestamp: e.createdAt.toISOString(),
    data: {
      log_id: delivery.logId,
      employee_id: e.employeeId,
      session_id: e.sessionId,
      client_name: e.clientName,
      client_version: e.clientVersion,
      event_category: e.eventCategory,
      content: e.content,
      payload: e.payload,
    },
  };
}

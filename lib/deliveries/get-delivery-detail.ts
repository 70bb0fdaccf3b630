import "server-only";
import { isUuid } from "../validation/ids";
import { db } from "../db/client";
import { Prisma } from "../db/sql";
import { NotFoundError } from "../errors";
import type { AuthType } from "../destinations/destination-input";
import type { DeliveryStatus } from "./delivery-filter";

export interface DeliveryAttemptView {
  id: string;
  attemptNumber: number;
  startedAt: Date;
  durationMs: number;
  requestUrl: string;
  /** As sent, minus anything carrying a secret. */
  requestHeaders: Record<string, unknown>;
  batchSize: number;
  responseStatus: number | null;
  responseHeaders: Record<string, unknown> | null;
  responseBody: string | null;
  error: string | null;
  outcome: string;
}

export interface DeliveryDetail {
  delivery: {
    id: string;
    status: DeliveryStatus;
    attempts: number;
    lastAttemptAt: Date | null;
    nextRetryAt: Date | null;
    responseStatus: number | null;
    responseBody: string | null;
    errorMessage: string | null;
    createdAt: Date;
    deliveredAt: Date | null;
  };
  log: {
    id: string;
    eventType: string;
    eventCategory: string | null;
    employeeId: string | null;
    sessionId: string | null;
    clientName: string | null;
    clientVersion: string | null;
    content: string | null;
    payload: unknown;
    createdAt: Date;
  };
  /** No secrets: the dashboard links to the destination for the rest. */
  destination: { id: string; name: string; url: string; authType: AuthType; enabled: boolean; retryMax: number };
  attempts: DeliveryAttemptView[];
  /** The dead-letter row of this delivery, if it ever died. */
  failedWebhook: { id: string; status: "pending" | "retried" | "failed_permanently" } | null;
}

// Attempts are stored without secrets by the dispatcher; this is a second line of defence
// in case a row was written by something else.
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

function redactHeaders(headers: Record<string, unknown> | null, extra: string | null): Record<string, unknown> | null {
  if (!headers) return headers;
  const hidden = new Set(SECRET_HEADERS);
  if (extra) hidden.add(extra.toLowerCase());
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, hidden.has(k.toLowerCase()) && v !== "[redacted]" ? "[redacted]" : v]),
  );
}

interface RawDetailRow {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  last_attempt_at: Date | null;
  next_retry_at: Date | null;
  response_status: number | null;
  response_body: string | null;
  error_message: string | null;
  created_at: Date;
  delivered_at: Date | null;
  log_id: string;
  event_type: string;
  event_category: string | null;
  employee_id: string | null;
  session_id: string | null;
  client_name: string | null;
  client_version: string | null;
  content: string | null;
  payload: unknown;
  log_created_at: Date;
  destination_id: string;
  destination_name: string;
  url: string;
  auth_type: AuthType;
  enabled: boolean;
  retry_max: number;
  secret_header: string | null;
  failed_webhook_id: string | null;
  failed_webhook_status: "pending" | "retried" | "failed_permanently" | null;
}

/** A delivery of this org with its event, destination and every attempt; another org's id → NotFoundError. */
export async function getDeliveryDetail(orgId: string, id: string): Promise<DeliveryDetail> {
  if (!isUuid(id)) throw new NotFoundError("Delivery");
  // Raw SQL: the dead letter joins on the delivery id inside its JSON envelope (the unique
  // expression index), and only the header auth's name is read out of auth_config.
  const rows = await db.$queryRaw<RawDetailRow[]>(
    Prisma.sql`SELECT d.id, d.status, d.attempts, d.last_attempt_at, d.next_retry_at, d.response_status, d.response_body,
            d.error_message, d.created_at, d.delivered_at,
            l.id AS log_id, l.event_type, l.event_category, l.employee_id, l.session_id, l.client_name, l.client_version,
            l.content, l.payload, l.created_at AS log_created_at,
            w.id AS destination_id, w.name AS destination_name, w.url, w.auth_type, w.enabled, w.retry_max,
            CASE WHEN w.auth_type = 'header' THEN w.auth_config ->> 'name' END AS secret_header,
            f.id::text AS failed_webhook_id, f.status::text AS failed_webhook_status
       FROM webhook_deliveries d
       JOIN webhook_destinations w ON w.id = d.destination_id
       JOIN activity_logs l ON l.id = d.log_id
       LEFT JOIN failed_webhooks f ON f.webhook_payload_json ->> 'delivery_id' = d.id::text
      WHERE d.id = ${id} AND w.org_id = ${orgId}`,
  );
  const r = rows[0];
  if (!r) throw new NotFoundError("Delivery");
  const attempts = await db.webhookDeliveryAttempt.findMany({
    where: { deliveryId: id },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
  });
  return {
    delivery: {
      id: r.id,
      status: r.status,
      attempts: r.attempts,
      lastAttemptAt: r.last_attempt_at,
      nextRetryAt: r.next_retry_at,
      responseStatus: r.response_status,
      responseBody: r.response_body,
      errorMessage: r.error_message,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
    },
    log: {
      id: r.log_id,
      eventType: r.event_type,
      eventCategory: r.event_category,
      employeeId: r.employee_id,
      sessionId: r.session_id,
      clientName: r.client_name,
      clientVersion: r.client_version,
      content: r.content,
      payload: r.payload,
      createdAt: r.log_created_at,
    },
    destination: {
      id: r.destination_id,
      name: r.destination_name,
      url: r.url,
      authType: r.auth_type,
      enabled: r.enabled,
      retryMax: r.retry_max,
    },
    attempts: attempts.map((a) => ({
      id: a.id.toString(),
      attemptNumber: a.attemptNumber,
      startedAt: a.startedAt,
      durationMs: a.durationMs,
      requestUrl: a.requestUrl,
      requestHeaders: redactHeaders(a.requestHeaders as Record<string, unknown>, r.secret_header) ?? {},
      batchSize: a.batchSize,
      responseStatus: a.responseStatus,
      responseHeaders: a.responseHeaders as Record<string, unknown> | null,
      responseBody: a.responseBody,
      error: a.error,
      outcome: a.outcome,
    })),
    failedWebhook:
      r.failed_webhook_id && r.failed_webhook_status
        ? { id: r.failed_webhook_id, status: r.failed_webhook_status }
        : null,
  };
}

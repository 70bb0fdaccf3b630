import { pool } from "../db/client";
import { NotFoundError } from "../errors";
import { UUID_PATTERN as UUID } from "../validation/uuid";

export interface ActivityLogDetail {
  id: string;
  eventType: string;
  eventCategory: string | null;
  employee: { id: string; name: string; email: string | null; externalId: string | null } | null;
  sessionId: string | null;
  clientName: string | null;
  clientVersion: string | null;
  content: string | null;
  payload: unknown;
  createdAt: Date;
  deliveries: {
    id: string;
    destinationId: string;
    destinationName: string;
    status: "pending" | "delivered" | "failed" | "dead";
    attempts: number;
    responseStatus: number | null;
    errorMessage: string | null;
    lastAttemptAt: Date | null;
    nextRetryAt: Date | null;
    deliveredAt: Date | null;
  }[];
}

/** One event and its fan-out. An id of another org, or not a UUID at all, is "not found". */
export async function getActivityLog(orgId: string, id: string): Promise<ActivityLogDetail> {
  if (!UUID.test(id)) throw new NotFoundError("Activity log");
  const { rows } = await pool().query(
    `SELECT l.*, e.name AS employee_name, e.email AS employee_email, e.external_id AS employee_external_id
       FROM activity_logs l LEFT JOIN employees e ON e.id = l.employee_id
      WHERE l.id = $1 AND l.org_id = $2`,
    [id, orgId],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError("Activity log");
  const deliveries = await pool().query(
    `SELECT d.id, d.destination_id, w.name AS destination_name, d.status, d.attempts, d.response_status, d.error_message,
            d.last_attempt_at, d.next_retry_at, d.delivered_at
       FROM webhook_deliveries d JOIN webhook_destinations w ON w.id = d.destination_id
      WHERE d.log_id = $1 AND w.org_id = $2
      ORDER BY w.name, d.id`,
    [id, orgId],
  );
  return {
    id: row.id,
    eventType: row.event_type,
    eventCategory: row.event_category,
    employee: row.employee_id
      ? {
          id: row.employee_id,
          name: row.employee_name,
          email: row.employee_email,
          externalId: row.employee_external_id,
        }
      : null,
    sessionId: row.session_id,
    clientName: row.client_name,
    clientVersion: row.client_version,
    content: row.content,
    payload: row.payload,
    createdAt: row.created_at,
    deliveries: deliveries.rows.map((d) => ({
      id: d.id,
      destinationId: d.destination_id,
      destinationName: d.destination_name,
      status: d.status,
      attempts: d.attempts,
      responseStatus: d.response_status,
      errorMessage: d.error_message,
      lastAttemptAt: d.last_attempt_at,
      nextRetryAt: d.next_retry_at,
      deliveredAt: d.delivered_at,
    })),
  };
}

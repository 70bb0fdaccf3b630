import "server-only";
import { isBigintId } from "../validation/ids";
import { db } from "../db/client";
import { Prisma, trusted, uuidOrNull } from "../db/sql";
import { NotFoundError } from "../errors";
import type { DeliveryStatus } from "../deliveries/delivery-filter";
import {
  FAILED_WEBHOOK_COLUMNS,
  toFailedWebhookRow,
  type FailedWebhookListRow,
  type RawFailedWebhookRow,
} from "./list-failed-webhooks";

export interface FailedWebhookDetail extends FailedWebhookListRow {
  /** The stored envelope as written (delivery, destination, log and org ids, event type, url, body). */
  payload: Record<string, unknown>;
  /** What the envelope's ids point at today; null when that row no longer exists. */
  links: {
    delivery: { id: string; status: DeliveryStatus; attempts: number } | null;
    destination: { id: string; name: string; enabled: boolean } | null;
    activityLog: { id: string; eventType: string; createdAt: Date } | null;
  };
}

/**
 * One dead letter of this org with its links resolved. The ids come from the envelope, so
 * each lookup is scoped to the org again (and a malformed id resolves to null, not an error).
 */
export async function getFailedWebhook(orgId: string, id: string): Promise<FailedWebhookDetail> {
  if (!isBigintId(id)) throw new NotFoundError("Failed webhook");
  const envelopeId = (key: "destination_id" | "delivery_id" | "log_id") =>
    uuidOrNull(trusted(`f.webhook_payload_json ->> '${key}'`));
  // Raw SQL: the links join on ids inside the JSON envelope, which Prisma's relations cannot say.
  const rows = await db.$queryRaw<
    (RawFailedWebhookRow & {
      payload: Record<string, unknown>;
      d_id: string | null;
      d_status: DeliveryStatus | null;
      d_attempts: number | null;
      w_id: string | null;
      w_name: string | null;
      w_enabled: boolean | null;
      l_id: string | null;
      l_event_type: string | null;
      l_created_at: Date | null;
    })[]
  >(Prisma.sql`SELECT ${trusted(FAILED_WEBHOOK_COLUMNS)}, f.webhook_payload_json AS payload,
            d.id AS d_id, d.status AS d_status, d.attempts AS d_attempts,
            w.id AS w_id, w.name AS w_name, w.enabled AS w_enabled,
            l.id AS l_id, l.event_type AS l_event_type, l.created_at AS l_created_at
       FROM failed_webhooks f
       LEFT JOIN webhook_destinations w ON w.id = ${envelopeId("destination_id")} AND w.org_id = ${orgId}
       LEFT JOIN webhook_deliveries d ON d.id = ${envelopeId("delivery_id")}
                                     AND d.destination_id IN (SELECT id FROM webhook_destinations WHERE org_id = ${orgId})
       LEFT JOIN activity_logs l ON l.id = ${envelopeId("log_id")} AND l.org_id = ${orgId}
      WHERE f.id = ${id}::bigint AND (f.webhook_payload_json ->> 'org_id') = ${orgId}::text`);
  const r = rows[0];
  if (!r) throw new NotFoundError("Failed webhook");
  return {
    ...toFailedWebhookRow(r),
    payload: r.payload,
    links: {
      delivery: r.d_id ? { id: r.d_id, status: r.d_status!, attempts: r.d_attempts! } : null,
      destination: r.w_id ? { id: r.w_id, name: r.w_name!, enabled: r.w_enabled! } : null,
      activityLog: r.l_id ? { id: r.l_id, eventType: r.l_event_type!, createdAt: r.l_created_at! } : null,
    },
  };
}

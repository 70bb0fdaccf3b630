import "server-only";
import { db } from "../db/client";
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
  const [log, deliveries] = await Promise.all([
    db.activityLog.findFirst({
      where: { id, orgId },
      include: { employee: { select: { id: true, name: true, email: true, externalId: true } } },
    }),
    db.webhookDelivery.findMany({
      where: { logId: id, destination: { orgId } },
      select: {
        id: true,
        destinationId: true,
        destination: { select: { name: true } },
        status: true,
        attempts: true,
        responseStatus: true,
        errorMessage: true,
        lastAttemptAt: true,
        nextRetryAt: true,
        deliveredAt: true,
      },
      orderBy: [{ destination: { name: "asc" } }, { id: "asc" }],
    }),
  ]);
  if (!log) throw new NotFoundError("Activity log");
  return {
    id: log.id,
    eventType: log.eventType,
    eventCategory: log.eventCategory,
    employee: log.employee,
    sessionId: log.sessionId,
    clientName: log.clientName,
    clientVersion: log.clientVersion,
    content: log.content,
    payload: log.payload,
    createdAt: log.createdAt,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      destinationId: d.destinationId,
      destinationName: d.destination.name,
      status: d.status as ActivityLogDetail["deliveries"][number]["status"],
      attempts: d.attempts,
      responseStatus: d.responseStatus,
      errorMessage: d.errorMessage,
      lastAttemptAt: d.lastAttemptAt,
      nextRetryAt: d.nextRetryAt,
      deliveredAt: d.deliveredAt,
    })),
  };
}

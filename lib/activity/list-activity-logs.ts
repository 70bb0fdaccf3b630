import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/sql";
import { countWithFallback, type CountResult } from "../list/count-with-fallback";
import {
  buildKeysetSql,
  decodeCursor,
  toKeysetPage,
  type KeysetColumn,
  type KeysetPage,
  type KeysetQuery,
  type PageDirection,
} from "../list/keyset";
import { activityConditions } from "./activity-conditions";
import type { ActivityFilter } from "./activity-search-params";
import { UUID_PATTERN as UUID } from "../validation/uuid";

export interface DeliveryStatusSummary {
  pending: number;
  delivered: number;
  failed: number;
  dead: number;
}

export interface ActivityListRow {
  id: string;
  eventType: string;
  eventCategory: string | null;
  employeeId: string | null;
  employeeName: string | null;
  clientName: string | null;
  clientVersion: string | null;
  content: string | null;
  createdAt: Date;
  /** The fan-out of this event: its deliveries by status. */
  deliveries: DeliveryStatusSummary;
}

const CREATED_AT: KeysetColumn = { expr: "l.created_at", type: "timestamp", nullable: false };
const SORT_KEY = "created_at.desc";

interface RawRow {
  id: string;
  event_type: string;
  event_category: string | null;
  employee_id: string | null;
  client_name: string | null;
  client_version: string | null;
  content: string | null;
  created_at: Date;
  sort_value: string | null;
}

/**
 * A page of the org's activity logs, newest first, keyset-paginated over (created_at, id) with
 * idx_activity_logs_org_created_id. Employee names and delivery summaries are looked up for
 * the page's rows only, so they never enter the paging plan.
 */
export async function listActivityLogs(
  orgId: string,
  filter: ActivityFilter,
  options: { cursor?: string | null; direction?: PageDirection; limit?: number } = {},
): Promise<KeysetPage<ActivityListRow>> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 500);
  const cursor = decodeCursor(options.cursor, SORT_KEY, UUID);
  const direction: PageDirection = cursor ? (options.direction ?? "next") : "next";
  const query: KeysetQuery = {
    select:
      "l.id, l.event_type, l.event_category, l.employee_id, l.client_name, l.client_version, left(l.content, 300) AS content, l.created_at",
    from: "activity_logs l",
    where: activityConditions(orgId, filter),
    column: CREATED_AT,
    idExpr: "l.id",
    idType: "uuid",
    order: "desc",
    cursor,
    direction,
    limit,
  };
  const rows = await db.$queryRaw<RawRow[]>(buildKeysetSql(query));
  if (direction === "prev" && rows.length <= limit)
    return listActivityLogs(orgId, filter, { ...options, cursor: null, direction: "next" });

  const ids = rows.map((r) => r.id);
  const employeeIds = [...new Set(rows.map((r) => r.employee_id).filter((id): id is string => Boolean(id)))];
  const [summaries, employees] = await Promise.all([
    ids.length
      ? db.webhookDelivery.groupBy({ by: ["logId", "status"], where: { logId: { in: ids } }, _count: { _all: true } })
      : [],
    employeeIds.length
      ? db.employee.findMany({ where: { id: { in: employeeIds }, orgId }, select: { id: true, name: true } })
      : [],
  ]);
  const summaryOf = new Map<string, DeliveryStatusSummary>();
  for (const s of summaries) {
    const entry = summaryOf.get(s.logId) ?? { pending: 0, delivered: 0, failed: 0, dead: 0 };
    entry[s.status as keyof DeliveryStatusSummary] = s._count._all;
    summaryOf.set(s.logId, entry);
  }
  const nameOf = new Map(employees.map((e) => [e.id, e.name]));
  return toKeysetPage(
    rows,
    query,
    SORT_KEY,
    (r) => r.id,
    (r) => ({
      id: r.id,
      eventType: r.event_type,
      eventCategory: r.event_category,
      employeeId: r.employee_id,
      employeeName: r.employee_id ? (nameOf.get(r.employee_id) ?? null) : null,
      clientName: r.client_name,
      clientVersion: r.client_version,
      content: r.content,
      createdAt: r.created_at,
      deliveries: summaryOf.get(r.id) ?? { pending: 0, delivered: 0, failed: 0, dead: 0 },
    }),
  );
}

/** Exact while cheap, the planner's estimate past that (same rule as the deliveries count). */
export async function countActivityLogs(orgId: string, filter: ActivityFilter): Promise<CountResult> {
  const where = Prisma.join(activityConditions(orgId, filter), " AND ");
  return countWithFallback(Prisma.sql`SELECT 1 FROM activity_logs l WHERE ${where}`);
}

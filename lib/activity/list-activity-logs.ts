import { pool } from "../db/client";
import { countWithFallback, type CountResult } from "../deliveries/count-deliveries";
import {
  buildKeysetSql,
  decodeCursor,
  toKeysetPage,
  type KeysetColumn,
  type KeysetPage,
  type PageDirection,
} from "../deliveries/keyset";
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
  const params: unknown[] = [];
  const where = activityConditions(orgId, filter, params);
  const query = {
    select:
      "l.id, l.event_type, l.event_category, l.employee_id, l.client_name, l.client_version, left(l.content, 300) AS content, l.created_at",
    from: "activity_logs l",
    where,
    params,
    column: CREATED_AT,
    idExpr: "l.id",
    idType: "uuid",
    order: "desc" as const,
    cursor,
    direction,
    limit,
  };
  const { text, values } = buildKeysetSql(query);
  const page = await pool().query<RawRow>(text, values);
  if (direction === "prev" && page.rows.length <= limit)
    return listActivityLogs(orgId, filter, { ...options, cursor: null, direction: "next" });

  const ids = page.rows.map((r) => r.id);
  const employeeIds = [...new Set(page.rows.map((r) => r.employee_id).filter((id): id is string => Boolean(id)))];
  const [summaries, employees] = await Promise.all([
    ids.length
      ? pool().query<{ log_id: string; status: keyof DeliveryStatusSummary; n: number }>(
          "SELECT log_id, status, count(*)::int AS n FROM webhook_deliveries WHERE log_id = ANY($1::uuid[]) GROUP BY 1, 2",
          [ids],
        )
      : { rows: [] },
    employeeIds.length
      ? pool().query<{ id: string; name: string }>(
          "SELECT id, name FROM employees WHERE id = ANY($1::uuid[]) AND org_id = $2",
          [employeeIds, orgId],
        )
      : { rows: [] },
  ]);
  const summaryOf = new Map<string, DeliveryStatusSummary>();
  for (const s of summaries.rows) {
    const entry = summaryOf.get(s.log_id) ?? { pending: 0, delivered: 0, failed: 0, dead: 0 };
    entry[s.status] = s.n;
    summaryOf.set(s.log_id, entry);
  }
  const nameOf = new Map(employees.rows.map((e) => [e.id, e.name]));
  return toKeysetPage(
    page.rows,
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
  const params: unknown[] = [];
  const where = activityConditions(orgId, filter, params);
  return countWithFallback(`SELECT 1 FROM activity_logs l WHERE ${where.join(" AND ")}`, params);
}

import { pool } from "../db/client";
import {
  buildKeysetSql,
  decodeCursor,
  toKeysetPage,
  type KeysetColumn,
  type KeysetPage,
  type PageDirection,
} from "../deliveries/keyset";

// The dashboard's own trail (who changed what), read by the settings page. It lives beside the
// activity reader because both are paged, org-scoped history lists.

export interface AuditLogRow {
  id: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
}

export interface AuditLogFilter {
  /** Exact action ("user.created") or an area prefix ending in a dot ("destination."). */
  action?: string;
}

const CREATED_AT: KeysetColumn = { expr: "a.created_at", type: "timestamp", nullable: false };
const SORT_KEY = "created_at.desc";

export async function listAuditLogs(
  orgId: string,
  filter: AuditLogFilter = {},
  options: { cursor?: string | null; direction?: PageDirection; limit?: number } = {},
): Promise<KeysetPage<AuditLogRow>> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 200);
  const cursor = decodeCursor(options.cursor, SORT_KEY, /^[0-9]{1,18}$/);
  const direction: PageDirection = cursor ? (options.direction ?? "next") : "next";
  const params: unknown[] = [orgId];
  const where = ["a.org_id = $1::uuid"];
  if (filter.action) {
    params.push(filter.action.endsWith(".") ? `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : filter.action);
    where.push(filter.action.endsWith(".") ? `a.action LIKE $${params.length}` : `a.action = $${params.length}`);
  }
  const query = {
    select: "a.id::text AS id, a.actor_label, a.action, a.target_type, a.target_id, a.details, a.created_at",
    from: "audit_logs a",
    where,
    params,
    column: CREATED_AT,
    idExpr: "a.id",
    idType: "bigint",
    order: "desc" as const,
    cursor,
    direction,
    limit,
  };
  const { text, values } = buildKeysetSql(query);
  const page = await pool().query(text, values);
  if (direction === "prev" && page.rows.length <= limit)
    return listAuditLogs(orgId, filter, { ...options, cursor: null, direction: "next" });
  return toKeysetPage(
    page.rows,
    query,
    SORT_KEY,
    (r) => r.id,
    (r) => ({
      id: r.id,
      actorLabel: r.actor_label,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
      createdAt: r.created_at,
    }),
  );
}

/** The distinct areas ("user", "destination", …) for the filter. */
export async function listAuditAreas(orgId: string): Promise<string[]> {
  const { rows } = await pool().query<{ area: string }>(
    "SELECT DISTINCT split_part(action, '.', 1) AS area FROM (SELECT action FROM audit_logs WHERE org_id = $1 ORDER BY created_at DESC LIMIT 5000) recent ORDER BY 1",
    [orgId],
  );
  return rows.map((r) => r.area);
}

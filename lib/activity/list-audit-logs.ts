import "server-only";
import { db } from "../db/client";
import { Prisma, type Sql } from "../db/sql";
import {
  buildKeysetSql,
  decodeCursor,
  toKeysetPage,
  type KeysetColumn,
  type KeysetPage,
  type KeysetQuery,
  type PageDirection,
} from "../list/keyset";

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

interface RawAuditRow {
  id: string;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown> | null;
  created_at: Date;
  sort_value: string | null;
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
  const where: Sql[] = [Prisma.sql`a.org_id = ${orgId}::uuid`];
  if (filter.action) {
    // An area ("destination.") is a LIKE prefix: its own wildcards are escaped, its `%` appended.
    const area = filter.action.endsWith(".") ? `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    where.push(area ? Prisma.sql`a.action LIKE ${area}` : Prisma.sql`a.action = ${filter.action}`);
  }
  const query: KeysetQuery = {
    select: "a.id::text AS id, a.actor_label, a.action, a.target_type, a.target_id, a.details, a.created_at",
    from: "audit_logs a",
    where,
    column: CREATED_AT,
    idExpr: "a.id",
    idType: "bigint",
    order: "desc",
    cursor,
    direction,
    limit,
  };
  const rows = await db.$queryRaw<RawAuditRow[]>(buildKeysetSql(query));
  if (direction === "prev" && rows.length <= limit)
    return listAuditLogs(orgId, filter, { ...options, cursor: null, direction: "next" });
  return toKeysetPage(
    rows,
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
  // Raw SQL: DISTINCT over an expression of a bounded recent sample is beyond Prisma's query API.
  const rows = await db.$queryRaw<{ area: string }[]>(
    Prisma.sql`SELECT DISTINCT split_part(action, '.', 1) AS area
                 FROM (SELECT action FROM audit_logs WHERE org_id = ${orgId} ORDER BY created_at DESC LIMIT 5000) recent
                ORDER BY 1`,
  );
  return rows.map((r) => r.area);
}

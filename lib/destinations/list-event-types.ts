import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/generated/prisma/client";

/**
 * Distinct event types the org has sent, for the destination form's multi-select. A
 * recursive "loose index scan" over (org_id, event_type): one index probe per distinct type
 * instead of reading every activity log, which stays fast at millions of rows.
 */
export async function listEventTypes(orgId: string): Promise<string[]> {
  // Raw: a recursive CTE, which Prisma's query API cannot say (its distinct reads every row).
  const rows = await db.$queryRaw<{ event_type: string }[]>(Prisma.sql`
    WITH RECURSIVE types AS (
      (SELECT event_type FROM activity_logs WHERE org_id = ${orgId}::uuid ORDER BY event_type LIMIT 1)
      UNION ALL
      SELECT (SELECT l.event_type FROM activity_logs l
               WHERE l.org_id = ${orgId}::uuid AND l.event_type > t.event_type ORDER BY l.event_type LIMIT 1)
        FROM types t WHERE t.event_type IS NOT NULL
    )
    SELECT event_type FROM types WHERE event_type IS NOT NULL LIMIT 1000`);
  return rows.map((row) => row.event_type);
}

import { pool } from "../db/client";

/**
 * Distinct event types the org has sent, for the destination form's multi-select. A
 * recursive "loose index scan" over (org_id, event_type): one index probe per distinct type
 * instead of reading every activity log, which stays fast at millions of rows.
 */
export async function listEventTypes(orgId: string): Promise<string[]> {
  const { rows } = await pool().query<{ event_type: string }>(
    `WITH RECURSIVE types AS (
       (SELECT event_type FROM activity_logs WHERE org_id = $1 ORDER BY event_type LIMIT 1)
       UNION ALL
       SELECT (SELECT l.event_type FROM activity_logs l WHERE l.org_id = $1 AND l.event_type > t.event_type ORDER BY l.event_type LIMIT 1)
         FROM types t WHERE t.event_type IS NOT NULL
     )
     SELECT event_type FROM types WHERE event_type IS NOT NULL LIMIT 1000`,
    [orgId],
  );
  return rows.map((row) => row.event_type);
}

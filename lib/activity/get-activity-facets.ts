import { pool } from "../db/client";
import { listEventTypes } from "../destinations/list-event-types";

export interface ActivityFacets {
  eventTypes: string[];
  categories: string[];
  clients: string[];
  employees: { id: string; name: string }[];
}

// Categories and clients are few and change rarely; reading them from the latest logs keeps
// this cheap at any table size (a value not seen recently can still be typed into the URL).
const RECENT_SAMPLE = 5000;

/** The values the activity filters offer. */
export async function getActivityFacets(orgId: string): Promise<ActivityFacets> {
  const [eventTypes, recent, employees] = await Promise.all([
    listEventTypes(orgId),
    pool().query<{ categories: string[] | null; clients: string[] | null }>(
      `SELECT array_agg(DISTINCT event_category) FILTER (WHERE event_category IS NOT NULL) AS categories,
              array_agg(DISTINCT client_name) FILTER (WHERE client_name IS NOT NULL) AS clients
         FROM (SELECT event_category, client_name FROM activity_logs WHERE org_id = $1 ORDER BY created_at DESC LIMIT ${RECENT_SAMPLE}) recent`,
      [orgId],
    ),
    pool().query<{ id: string; name: string }>(
      "SELECT id, name FROM employees WHERE org_id = $1 ORDER BY name, id LIMIT 500",
      [orgId],
    ),
  ]);
  return {
    eventTypes,
    categories: (recent.rows[0]?.categories ?? []).sort(),
    clients: (recent.rows[0]?.clients ?? []).sort(),
    employees: employees.rows,
  };
}

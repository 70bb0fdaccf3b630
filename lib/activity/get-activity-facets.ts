import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/sql";
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
    // Raw SQL: distinct values of a bounded recent sample, aggregated with FILTER, in one statement.
    db.$queryRaw<{ categories: string[] | null; clients: string[] | null }[]>(
      Prisma.sql`SELECT array_agg(DISTINCT event_category) FILTER (WHERE event_category IS NOT NULL) AS categories,
              array_agg(DISTINCT client_name) FILTER (WHERE client_name IS NOT NULL) AS clients
         FROM (SELECT event_category, client_name FROM activity_logs WHERE org_id = ${orgId}
                ORDER BY created_at DESC LIMIT ${RECENT_SAMPLE}) recent`,
    ),
    db.employee.findMany({
      where: { orgId },
      select: { id: true, name: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 500,
    }),
  ]);
  return {
    eventTypes,
    categories: (recent[0]?.categories ?? []).sort(),
    clients: (recent[0]?.clients ?? []).sort(),
    employees,
  };
}

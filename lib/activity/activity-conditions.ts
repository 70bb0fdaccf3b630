import { likePattern, Prisma, utc, type Sql } from "../db/sql";
import type { ActivityFilter } from "./activity-search-params";

/** WHERE conditions for an org's activity logs (alias `l`). */
export function activityConditions(orgId: string, filter: ActivityFilter): Sql[] {
  const where = [Prisma.sql`l.org_id = ${orgId}::uuid`];
  if (filter.eventType?.length) where.push(Prisma.sql`l.event_type = ANY(${filter.eventType}::text[])`);
  if (filter.category?.length) where.push(Prisma.sql`l.event_category = ANY(${filter.category}::text[])`);
  if (filter.employeeId?.length) where.push(Prisma.sql`l.employee_id = ANY(${filter.employeeId}::uuid[])`);
  if (filter.client?.length) where.push(Prisma.sql`l.client_name = ANY(${filter.client}::text[])`);
  if (filter.from) where.push(Prisma.sql`l.created_at >= ${utc(filter.from)}`);
  if (filter.to) where.push(Prisma.sql`l.created_at < ${utc(filter.to)}`);
  // ILIKE with the wildcards of the search text escaped: "50%" finds "50%", not everything.
  if (filter.q) where.push(Prisma.sql`l.content ILIKE ${likePattern(filter.q)}`);
  return where;
}

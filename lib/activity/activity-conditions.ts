import type { ActivityFilter } from "./activity-search-params";

/** WHERE conditions for an org's activity logs (alias `l`), appending their values to `params`. */
export function activityConditions(orgId: string, filter: ActivityFilter, params: unknown[]): string[] {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`l.org_id = ${p(orgId)}::uuid`];
  if (filter.eventType?.length) where.push(`l.event_type = ANY(${p(filter.eventType)}::text[])`);
  if (filter.category?.length) where.push(`l.event_category = ANY(${p(filter.category)}::text[])`);
  if (filter.employeeId?.length) where.push(`l.employee_id = ANY(${p(filter.employeeId)}::uuid[])`);
  if (filter.client?.length) where.push(`l.client_name = ANY(${p(filter.client)}::text[])`);
  // ISO strings, not Dates: node-postgres would send a Date in the process's local zone, and
  // PostgreSQL drops the offset for `timestamp without time zone` (the columns hold UTC).
  if (filter.from) where.push(`l.created_at >= ${p(filter.from.toISOString())}`);
  if (filter.to) where.push(`l.created_at < ${p(filter.to.toISOString())}`);
  // ILIKE with the wildcards of the search text escaped: "50%" finds "50%", not everything.
  if (filter.q) where.push(`l.content ILIKE ${p(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  return where;
}

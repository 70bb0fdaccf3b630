import { pool } from "../db/client";
import type { DeliveryFilter } from "./delivery-filter";

/** `%`, `_` and `\` are LIKE metacharacters; a search for "100%" means the literal text. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface OrgDestinations {
  ids: string[];
  names: Map<string, string>;
}

/**
 * The org's destinations, read once per query. webhook_deliveries has no org column; scoping
 * by `destination_id = ANY(<the org's destinations>)` keeps the list query a plain filter on
 * one table (no join the planner could reorder) and doubles as the org check for a
 * destination filter, since a foreign id simply is not in the list.
 */
export async function loadOrgDestinations(orgId: string): Promise<OrgDestinations> {
  const { rows } = await pool().query<{ id: string; name: string }>(
    "SELECT id, name FROM webhook_destinations WHERE org_id = $1",
    [orgId],
  );
  return { ids: rows.map((r) => r.id), names: new Map(rows.map((r) => [r.id, r.name])) };
}

/** The org's destinations as filter options, by name. */
export function destinationOptions(org: OrgDestinations): { id: string; name: string }[] {
  return [...org.names.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Timestamps are `timestamp without time zone` holding UTC. node-postgres would serialise a
 * Date in the process's local zone, and PostgreSQL ignores the offset for this type, so dates
 * are sent as UTC ISO strings instead.
 */
export function utc(date: Date): string {
  return date.toISOString();
}

/** WHERE conditions over `d` (webhook_deliveries) for the filter; values are appended to `params`. */
export function deliveryConditions(org: OrgDestinations, filter: DeliveryFilter, params: unknown[]): string[] {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const wanted = filter.destinationId?.length
    ? org.ids.filter((id) => filter.destinationId!.some((w) => w.toLowerCase() === id))
    : org.ids;
  const where = [`d.destination_id = ANY (${p(wanted)}::uuid[])`];
  if (filter.status?.length)
    where.push(
      filter.status.length === 1 ? `d.status = ${p(filter.status[0])}` : `d.status = ANY (${p(filter.status)}::text[])`,
    );
  if (filter.eventType)
    where.push(
      `EXISTS (SELECT 1 FROM activity_logs l WHERE l.id = d.log_id AND l.event_type = ${p(filter.eventType)})`,
    );
  const rs = filter.responseStatus;
  if (rs !== undefined) {
    if (rs === "none") where.push("d.response_status IS NULL");
    else if (typeof rs === "number") where.push(`d.response_status = ${p(rs)}`);
    else {
      const base = Number(rs[0]) * 100;
      where.push(`d.response_status BETWEEN ${base} AND ${base + 99}`);
    }
  }
  if (filter.createdFrom) where.push(`d.created_at >= ${p(utc(filter.createdFrom))}`);
  if (filter.createdTo) where.push(`d.created_at < ${p(utc(filter.createdTo))}`);
  if (filter.lastAttemptFrom) where.push(`d.last_attempt_at >= ${p(utc(filter.lastAttemptFrom))}`);
  if (filter.lastAttemptTo) where.push(`d.last_attempt_at < ${p(utc(filter.lastAttemptTo))}`);
  if (filter.q) where.push(`d.error_message ILIKE ${p(likePattern(filter.q))}`);
  if (filter.minAttempts !== undefined) where.push(`d.attempts >= ${p(filter.minAttempts)}`);
  if (filter.logId) where.push(`d.log_id = ${p(filter.logId)}::uuid`);
  return where;
}

import { UUID_SQL_LITERAL } from "../validation/uuid";
import { Prisma } from "./generated/prisma/client";

/**
 * Small builders for the statements Prisma's query API cannot say (keyset pages, FILTER counts,
 * bulk CTEs). Values only ever travel as Prisma.sql parameters; the one way to put text into a
 * statement is `trusted`, for SQL fixed in code (column expressions from a sort whitelist).
 */
export type Sql = Prisma.Sql;
export { Prisma };

/** The conditions joined with AND; no condition is TRUE. */
export function and(conditions: readonly Sql[]): Sql {
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

/** ` WHERE a AND b`, or nothing for no condition. */
export function whereClause(conditions: readonly Sql[]): Sql {
  return conditions.length ? Prisma.sql` WHERE ${and(conditions)}` : Prisma.empty;
}

/** SQL text fixed in code (never input): a column expression, a cast, a select list. */
export function trusted(text: string): Sql {
  return Prisma.raw(text);
}

/** `%`, `_` and `\` are LIKE metacharacters; a search for "100%" means the literal text. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Timestamps are `timestamp without time zone` holding UTC. Instants are sent as UTC ISO
 * strings: PostgreSQL ignores an offset for this type, so a Date serialised in another zone
 * would shift.
 */
export function utc(date: Date): string {
  return date.toISOString();
}

/**
 * `expr` (text) as a uuid, or NULL when it is not one: ids read from a stored JSON envelope are
 * checked by shape first, so a malformed one matches nothing instead of failing the cast.
 */
export function uuidOrNull(expr: Sql): Sql {
  return Prisma.sql`CASE WHEN ${expr} ~* ${trusted(UUID_SQL_LITERAL)} THEN (${expr})::uuid END`;
}

import { ValidationError } from "../errors";

/**
 * Keyset (cursor) pagination shared by the deliveries and dead-letter lists.
 *
 * Order: the sort column, then the id as a tie-breaker, so equal sort values page stably.
 * NULL sorts as the smallest value (ascending: NULLs first; descending: NULLs last) — "never
 * attempted" is older than any attempt. A nullable column's order is therefore two segments
 * (the NULL rows, and the rest), and a page is a UNION ALL of the rest of the cursor's segment
 * and the following one: each part is a plain index range scan, and the Append stops as soon
 * as the LIMIT is filled, so a deep page costs the same as the first one.
 *
 * Sort values travel as PostgreSQL text (`created_at::text`): timestamps have microseconds,
 * which a JS Date would truncate, and a truncated key would skip or repeat rows.
 */

export type SortOrder = "asc" | "desc";
export type PageDirection = "next" | "prev";

export interface KeysetColumn {
  /** SQL expression of the sort column, e.g. `d.created_at`. */
  expr: string;
  /** Cast for a cursor value read back from text, e.g. `timestamp`, `int`. */
  type: string;
  nullable: boolean;
  /**
   * What a sort value of this column looks like as text (TIMESTAMP_TEXT, INTEGER_TEXT); a
   * forged cursor then fails here instead of as a cast error in SQL.
   */
  pattern?: RegExp;
}

export const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
export const INTEGER_TEXT = /^-?\d{1,9}$/;
/** Used when a caller names no pattern: short printable text. */
export const ANY_SORT_VALUE = /^[\x20-\x7e]{1,64}$/;

export interface Cursor {
  /** Which sort the cursor belongs to; a cursor from another sort is not applied. */
  sort: string;
  value: string | null;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), "utf8").toString("base64url");
}

/** Null when the string is not a cursor we made (tampered, truncated, another sort). */
export function decodeCursor(raw: string | null | undefined, sort: string, idPattern: RegExp, valuePattern: RegExp = ANY_SORT_VALUE): Cursor | null {
  if (!raw || raw.length > 512) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [s, value, id] = parsed as unknown[];
    if (s !== sort || typeof id !== "string" || !idPattern.test(id)) return null;
    if (value !== null && (typeof value !== "string" || !valuePattern.test(value))) return null;
    return { sort: s, value, id };
  } catch {
    return null;
  }
}

export function requireCursor(raw: string | null | undefined, sort: string, idPattern: RegExp, valuePattern: RegExp = ANY_SORT_VALUE): Cursor | null {
  if (!raw) return null;
  const cursor = decodeCursor(raw, sort, idPattern, valuePattern);
  if (!cursor) throw new ValidationError("Invalid cursor", { cursor: ["Not a cursor from this list and sort; start from the first page"] });
  return cursor;
}

interface Segment {
  nulls: boolean;
  order: SortOrder;
}

function segments(column: KeysetColumn, order: SortOrder): Segment[] {
  if (!column.nullable) return [{ nulls: false, order }];
  return order === "asc" ? [{ nulls: true, order }, { nulls: false, order }] : [{ nulls: false, order }, { nulls: true, order }];
}

export interface KeysetQuery {
  /** Everything between SELECT and FROM; must include `<sortExpr>::text AS sort_value` — added by the builder. */
  select: string;
  from: string;
  /** Filter conditions (ANDed); may reference params already in `params`. */
  where: string[];
  params: unknown[];
  column: KeysetColumn;
  idExpr: string;
  idType: string;
  order: SortOrder;
  cursor: Cursor | null;
  direction: PageDirection;
  limit: number;
}

/**
 * SQL for one page (limit + 1 rows, to know whether another page follows). For `prev` the
 * rows come back in reverse display order; the caller reverses them.
 */
export function buildKeysetSql(q: KeysetQuery): { text: string; values: unknown[] } {
  const values = [...q.params];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  // Walking backwards is walking forwards in the opposite order.
  const walk: SortOrder = q.direction === "prev" ? (q.order === "asc" ? "desc" : "asc") : q.order;
  const all = segments(q.column, walk);
  let start = 0;
  let cursorCondition: string | null = null;
  if (q.cursor) {
    const inNulls = q.cursor.value === null;
    start = all.findIndex((segment) => segment.nulls === inNulls);
    if (start < 0) start = 0;
    const cmp = walk === "asc" ? ">" : "<";
    const id = `${param(q.cursor.id)}::${q.idType}`;
    cursorCondition = inNulls ? `${q.idExpr} ${cmp} ${id}` : `(${q.column.expr}, ${q.idExpr}) ${cmp} (${param(q.cursor.value)}::${q.column.type}, ${id})`;
  }
  const limit = param(q.limit + 1);
  const multi = all.length - start > 1;
  const parts = all.slice(start).map((segment, index) => {
    const conditions = [...q.where];
    if (q.column.nullable) conditions.push(`${q.column.expr} IS ${segment.nulls ? "" : "NOT "}NULL`);
    if (index === 0 && cursorCondition) conditions.push(cursorCondition);
    const dir = segment.order.toUpperCase();
    // The NULL segment orders by (column, id) too — the same as by id there — so the
    // (column, id) index serves it with `column IS NULL` as its range, instead of a walk of
    // the primary key that filters its way through the whole table.
    const orderBy = `${q.column.expr} ${dir}, ${q.idExpr} ${dir}`;
    const part = `SELECT ${q.select}, ${q.column.expr}::text AS sort_value FROM ${q.from}${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""} ORDER BY ${orderBy} LIMIT ${limit}`;
    // Segment number and arrival rank make the concatenation order explicit, so a parallel
    // Append could not interleave the two segments.
    return multi ? `SELECT part.*, ${index} AS seg, row_number() OVER () AS rn FROM (${part}) part` : part;
  });
  const text = parts.length === 1 ? parts[0]! : `SELECT * FROM (${parts.join(" UNION ALL ")}) page ORDER BY seg, rn LIMIT ${limit}`;
  return { text, values };
}

export interface KeysetPage<T> {
  rows: T[];
  nextCursor: string | null;
  prevCursor: string | null;
}

/**
 * Turns limit + 1 raw rows into a page in display order with cursors. `hadCursor` says the
 * request came from another page (so there is a page on the side it came from).
 */
export function toKeysetPage<R extends { sort_value: string | null }, T>(
  raw: R[],
  q: Pick<KeysetQuery, "direction" | "limit" | "cursor">,
  sort: string,
  idOf: (row: R) => string,
  map: (row: R) => T,
): KeysetPage<T> {
  const more = raw.length > q.limit;
  const slice = raw.slice(0, q.limit);
  if (q.direction === "prev") slice.reverse();
  const cursorOf = (row: R | undefined) => (row ? encodeCursor({ sort, value: row.sort_value, id: idOf(row) }) : null);
  const first = slice[0];
  const last = slice[slice.length - 1];
  const forwardMore = q.direction === "next" ? more : q.cursor !== null;
  const backwardMore = q.direction === "prev" ? more : q.cursor !== null;
  return {
    rows: slice.map(map),
    nextCursor: forwardMore ? cursorOf(last) : null,
    prevCursor: backwardMore ? cursorOf(first) : null,
  };
}

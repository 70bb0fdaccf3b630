import "server-only";
import { db } from "../db/client";
import { Prisma, trusted, whereClause, type Sql } from "../db/sql";
import { ValidationError } from "../errors";
import type { SortSpec } from "./search-param-parsers";

/**
 * Keyset (cursor) pagination shared by the deliveries, dead-letter, activity and audit lists.
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
  /** SQL expression of the sort column, e.g. `d.created_at`: fixed in code (a sort whitelist), inlined as text. */
  expr: string;
  /** Cast for a cursor value read back from text. */
  type: "timestamp" | "int" | "smallint";
  nullable: boolean;
  /**
   * The NULL segment is read in id order (the primary key) rather than by (column, id): for a
   * column whose (column, id) index is partial, `WHERE column IS NOT NULL`, to keep rows
   * without a value out of it (see migration 20261204900000).
   */
  nullsInIdOrder?: boolean;
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
export function decodeCursor(
  raw: string | null | undefined,
  sort: string,
  idPattern: RegExp,
  valuePattern: RegExp = ANY_SORT_VALUE,
): Cursor | null {
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

export function requireCursor(
  raw: string | null | undefined,
  sort: string,
  idPattern: RegExp,
  valuePattern: RegExp = ANY_SORT_VALUE,
): Cursor | null {
  if (!raw) return null;
  const cursor = decodeCursor(raw, sort, idPattern, valuePattern);
  if (!cursor)
    throw new ValidationError("Invalid cursor", {
      cursor: ["Not a cursor from this list and sort; start from the first page"],
    });
  return cursor;
}

/** A keyset list function's paging options (listDeliveries, listFailedWebhooks). */
export interface KeysetListOptions<S> {
  sort?: S;
  /** From a previous page's nextCursor/prevCursor. */
  cursor?: string | null;
  direction?: PageDirection;
  /** 1..1000, default 50. */
  limit?: number;
  /**
   * true (the API): a cursor that is not valid for this sort is a 400. false (the dashboard's
   * URL): it is ignored and the first page is shown.
   */
  strictCursor?: boolean;
}

/** The options resolved against one list's sorts: what its KeysetQuery and toKeysetPage take. */
export interface KeysetPaging<C extends string> {
  sort: SortSpec<C>;
  /** `<column>.<order>`: the sort a cursor belongs to. */
  sortKey: string;
  column: KeysetColumn;
  cursor: Cursor | null;
  /** "next" whenever there is no cursor to go back from. */
  direction: PageDirection;
  limit: number;
}

/** A list's options resolved: its default sort, that sort's column, and the cursor checked against both. */
export function keysetPaging<C extends string>(
  options: KeysetListOptions<SortSpec<C>>,
  list: { defaultSort: SortSpec<C>; columns: Record<C, KeysetColumn>; idPattern: RegExp },
): KeysetPaging<C> {
  const sort = options.sort ?? list.defaultSort;
  const sortKey = `${sort.by}.${sort.order}`;
  const column = list.columns[sort.by];
  const cursor = options.strictCursor
    ? requireCursor(options.cursor, sortKey, list.idPattern, column.pattern)
    : decodeCursor(options.cursor, sortKey, list.idPattern, column.pattern);
  const direction: PageDirection = cursor ? (options.direction ?? "next") : "next";
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 1000);
  return { sort, sortKey, column, cursor, direction, limit };
}

/**
 * A `prev` page that came back short reached the start going backwards: the list shows the
 * first page whole instead (ask again with these options) rather than a short one.
 */
export function firstPageInstead<O extends KeysetListOptions<unknown>>(
  paging: Pick<KeysetPaging<string>, "direction" | "limit">,
  rows: readonly unknown[],
  options: O,
): O | null {
  return paging.direction === "prev" && rows.length <= paging.limit
    ? { ...options, cursor: null, direction: "next" }
    : null;
}

interface Segment {
  nulls: boolean;
  order: SortOrder;
}

function segments(column: KeysetColumn, order: SortOrder): Segment[] {
  if (!column.nullable) return [{ nulls: false, order }];
  return order === "asc"
    ? [
        { nulls: true, order },
        { nulls: false, order },
      ]
    : [
        { nulls: false, order },
        { nulls: true, order },
      ];
}

export interface KeysetQuery {
  /** Everything between SELECT and FROM (fixed in code); the builder adds `<column>::text AS sort_value`. */
  select: string;
  /** The table and its alias, e.g. `webhook_deliveries d` (fixed in code). */
  from: string;
  /** Filter conditions (ANDed). */
  where: Sql[];
  column: KeysetColumn;
  /** The id column (fixed in code), e.g. `d.id`, and its type for the cursor's id. */
  idExpr: string;
  idType: "uuid" | "bigint";
  order: SortOrder;
  cursor: Cursor | null;
  direction: PageDirection;
  limit: number;
  /**
   * Segments of a nullable sort column the caller knows hold no row under its filter (e.g.
   * delivered rows always have a last attempt). Skipping them matters: proving a segment
   * empty can mean walking every row of it that fails the filter.
   */
  emptySegments?: { nulls?: boolean; values?: boolean };
  /**
   * More output columns computed for the page's rows only, over the page as `p` (fixed in code),
   * e.g. `(SELECT l.event_type FROM activity_logs l WHERE l.id = p.log_id) AS event_type`: a
   * lookup that would otherwise be a statement of its own after the page. The page statement
   * becomes a subquery; its LIMIT keeps PostgreSQL from flattening it, so the lookups run for
   * the page's rows after the limit and never enter the paging plan.
   */
  pageColumns?: string;
}

/**
 * One statement per remaining segment, in walking order, each asking for limit + 1 rows (one
 * more than a page, to know whether another page follows). For `prev` the rows come back in
 * reverse display order; toKeysetPage reverses them.
 */
export function buildKeysetSegmentSql(q: KeysetQuery): Sql[] {
  // Walking backwards is walking forwards in the opposite order.
  const walk: SortOrder = q.direction === "prev" ? (q.order === "asc" ? "desc" : "asc") : q.order;
  const all = segments(q.column, walk);
  const start = q.cursor
    ? Math.max(
        0,
        all.findIndex((segment) => segment.nulls === (q.cursor!.value === null)),
      )
    : 0;
  const known = q.emptySegments ?? {};
  const walked = all.slice(start).map((segment, index) => ({ segment, index }));
  const column = trusted(q.column.expr);
  const id = trusted(q.idExpr);
  return walked
    .filter(({ segment }) => !(segment.nulls ? known.nulls : known.values) || !q.column.nullable)
    .map(({ segment, index }) => {
      const conditions = [...q.where];
      if (q.column.nullable) conditions.push(trusted(`${q.column.expr} IS ${segment.nulls ? "" : "NOT "}NULL`));
      if (index === 0 && q.cursor) {
        const cmp = trusted(walk === "asc" ? ">" : "<");
        const cursorId = Prisma.sql`${q.cursor.id}::${trusted(q.idType)}`;
        conditions.push(
          q.cursor.value === null
            ? Prisma.sql`${id} ${cmp} ${cursorId}`
            : Prisma.sql`(${column}, ${id}) ${cmp} (${q.cursor.value}::${trusted(q.column.type)}, ${cursorId})`,
        );
      }
      const dir = trusted(segment.order.toUpperCase());
      // The NULL segment orders by (column, id) too — the same as by id there — so the
      // (column, id) index serves it with `column IS NULL` as its range (or a partial index
      // such as the dispatcher's pending one does), instead of a primary-key walk that filters
      // its way through the whole table when the filter leaves few NULL rows.
      const orderBy =
        segment.nulls && q.column.nullsInIdOrder
          ? Prisma.sql`${id} ${dir}`
          : Prisma.sql`${column} ${dir}, ${id} ${dir}`;
      const page = Prisma.sql`SELECT ${trusted(q.select)}, ${column}::text AS sort_value${
        q.pageColumns ? Prisma.sql`, ${column} AS sort_key, ${id} AS sort_id` : Prisma.empty
      } FROM ${trusted(q.from)}${whereClause(conditions)} ORDER BY ${orderBy} LIMIT ${q.limit + 1}`;
      if (!q.pageColumns) return page;
      // The same order again on the subquery's own columns: the planner sees the subquery
      // already delivers it and adds no sort, and the order no longer rests on the executor.
      const pageOrder =
        segment.nulls && q.column.nullsInIdOrder
          ? Prisma.sql`p.sort_id ${dir}`
          : Prisma.sql`p.sort_key ${dir}, p.sort_id ${dir}`;
      return Prisma.sql`SELECT p.*, ${trusted(q.pageColumns)} FROM (${page}) p ORDER BY ${pageOrder}`;
    });
}

/**
 * Runs the segment statements in order and stops as soon as a page (plus one row) is
 * filled: the next segment is only read at a segment boundary. Separate statements rather
 * than one UNION ALL because a single statement would have to run every part to guarantee
 * their order, and the second part can be the expensive one.
 */
export async function fetchKeysetRows<R>(
  q: KeysetQuery,
  run: (sql: Sql) => Promise<R[]> = (sql) => db.$queryRaw<R[]>(sql),
): Promise<R[]> {
  const rows: R[] = [];
  for (const sql of buildKeysetSegmentSql(q)) {
    rows.push(...(await run(sql)));
    if (rows.length > q.limit) break;
  }
  return rows.slice(0, q.limit + 1);
}

/**
 * One statement for one page, for callers that want a single query. For a NOT NULL sort
 * column it is the segment statement itself; for a nullable one the segments are joined with
 * UNION ALL and ordered explicitly (prefer fetchKeysetRows there).
 */
export function buildKeysetSql(q: KeysetQuery): Sql {
  const parts = buildKeysetSegmentSql(q);
  if (parts.length === 1) return parts[0]!;
  const unions = parts.map(
    (part, index) =>
      Prisma.sql`SELECT part.*, ${trusted(String(index))} AS seg, row_number() OVER () AS rn FROM (${part}) part`,
  );
  return Prisma.sql`SELECT * FROM (${Prisma.join(unions, " UNION ALL ")}) page ORDER BY seg, rn LIMIT ${q.limit + 1}`;
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

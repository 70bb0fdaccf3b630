import type { CountResult } from "./count-with-fallback";
import type { KeysetPage } from "./keyset";
import type { PerPage } from "./search-param-parsers";

/** What a list page hands its table: one page of rows, the total, and the query it was rendered for. */
export interface ListPageData<TRow> {
  page: KeysetPage<TRow>;
  count: CountResult;
  perPage: number;
  /** The canonical query the server rendered (see hooks/use-resync-when-stale.ts). */
  renderedQuery: string;
}

/** The list functions' paging options from a spec's loaded values. */
export function listOptionsOf<S>(values: {
  sort: S;
  cursor: string | null;
  direction: "next" | "prev";
  perPage: PerPage;
}) {
  return { sort: values.sort, cursor: values.cursor, direction: values.direction, limit: values.perPage };
}

/**
 * Joins a list page's queries into the one promise its table awaits. The page starts them and
 * does not wait: the table suspends under the page's skeleton, so the shell paints at once.
 */
export function loadListPage<TRow, X extends object>(parts: {
  page: Promise<KeysetPage<TRow>>;
  count: Promise<CountResult>;
  /** Whatever else the columns' filters need (options). */
  extras: Promise<X>;
  perPage: number;
  renderedQuery: string;
}): Promise<ListPageData<TRow> & X> {
  const { perPage, renderedQuery } = parts;
  return Promise.all([parts.page, parts.count, parts.extras]).then(([page, count, extras]) => ({
    ...extras,
    page,
    count,
    perPage,
    renderedQuery,
  }));
}

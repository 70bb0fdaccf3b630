"use client";

import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { formatCount } from "@/lib/format/numbers";
import { DEFAULT_PER_PAGE, PER_PAGE_OPTIONS, pagingUrlKeys } from "@/lib/list/search-param-parsers";
import type { TableUrl, UrlPatch } from "@/hooks/use-table-url";

/** The cursors of the page on screen (null at either end). */
export interface KeysetPaging {
  nextCursor: string | null;
  prevCursor: string | null;
}

// Every keyset list pages with the same URL keys (lib/list/search-param-parsers.ts' paging keys).
const pageAfter = (cursor: string): UrlPatch => ({ cursor, [pagingUrlKeys.direction]: null });
const pageBefore = (cursor: string): UrlPatch => ({ cursor, [pagingUrlKeys.direction]: "prev" });

/**
 * Keyset paging: first / previous / next, no page numbers — a page number would need an OFFSET,
 * which gets slower the deeper one goes. The total is shown beside it (marked ≈ when the
 * server estimated it).
 */
export function DataTablePagination({
  url,
  paging,
  pageSize,
  pageSizeKey = "perPage",
  defaultPageSize = DEFAULT_PER_PAGE,
  total,
  totalEstimated = false,
  rowsOnPage,
  noun = "rows",
  nounOne,
}: {
  url: TableUrl;
  paging: KeysetPaging;
  pageSize: number;
  pageSizeKey?: string;
  /** The size the server uses when the URL names none; choosing it removes the key. */
  defaultPageSize?: number;
  total?: number | null;
  totalEstimated?: boolean;
  rowsOnPage: number;
  noun?: string;
  /** The singular, for a total of exactly one ("1 delivery matches"). */
  nounOne?: string;
}) {
  const atStart = url.cursorKeys.every((k) => !url.values[k]);
  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400"
    >
      <div aria-live="polite">
        {total == null ? (
          `${formatCount(rowsOnPage)} ${noun} on this page`
        ) : (
          <>
            {totalEstimated ? (
              <span title="Estimated from the query plan: an exact count would be slow">≈ </span>
            ) : null}
            <span className="font-medium tabular-nums text-zinc-900 dark:text-zinc-100">{formatCount(total)}</span>{" "}
            {total === 1 && nounOne ? `${nounOne} matches` : `${noun} match`}
          </>
        )}
      </div>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1.5">
          Rows per page
          <select
            value={pageSize}
            onChange={(e) =>
              url.set({ [pageSizeKey]: e.target.value === String(defaultPageSize) ? null : e.target.value })
            }
            className={cn(controlClasses, "h-7 text-xs")}
          >
            {PER_PAGE_OPTIONS.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <Button size="sm" disabled={atStart} onClick={() => url.set({})} aria-label="First page">
          « First
        </Button>
        <Button
          size="sm"
          disabled={!paging.prevCursor}
          onClick={() => paging.prevCursor && url.set(pageBefore(paging.prevCursor))}
          aria-label="Previous page"
        >
          ‹ Previous
        </Button>
        <Button
          size="sm"
          disabled={!paging.nextCursor}
          onClick={() => paging.nextCursor && url.set(pageAfter(paging.nextCursor))}
          aria-label="Next page"
        >
          Next ›
        </Button>
      </div>
    </nav>
  );
}

"use client";

import "@/lib/validation/zod-in-browser";
import type { RowData, SortingState } from "@tanstack/react-table";
import { useSearchParams } from "next/navigation";
import { use, useMemo } from "react";
import { BulkMatchingBar, BulkMatchingDialog, BulkSelectionButtons } from "@/components/data-table/bulk-matching";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableAutoRefresh } from "@/components/data-table/data-table-auto-refresh";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { DataTableSelectionBar, selectedRowIds } from "@/components/data-table/data-table-selection";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import type { DataTableColumnDef } from "@/components/data-table/features";
import { useBulkMatching, type BulkKinds } from "@/hooks/use-bulk-matching";
import { useDataTable, type DataTableInstance } from "@/hooks/use-data-table";
import { useFilterQuery } from "@/hooks/use-filter-query";
import { useResyncWhenStale } from "@/hooks/use-resync-when-stale";
import { useTableUrl } from "@/hooks/use-table-url";
import type { ActionResult } from "@/lib/actions/action-result";
import type { CountResult } from "@/lib/list/count-with-fallback";
import type { ListPageData } from "@/lib/list/load-list-page";
import type { ListUrlSpec } from "@/lib/list/search-param-parsers";

export type { ListPageData };

/** A table's bulk actions: "<verb> all…" over the filter and "<verb> selected" over ticked rows. */
export interface ServerTableBulk<K extends string, C, R> {
  kinds: BulkKinds<K, C, R>;
  countTargets: (input: { query: string }) => Promise<ActionResult<C>>;
  /** The streaming route: `${endpoint}?action=<kind>`. */
  endpoint: string;
  /** Why this user may not run them (the buttons stay, disabled, saying so); null when allowed. */
  denied: string | null;
}

function BulkControls<TRow extends RowData, K extends string, C, R>({
  table,
  bulk,
  count,
  filterQuery,
}: {
  table: DataTableInstance<TRow>;
  bulk: ServerTableBulk<K, C, R>;
  count: CountResult;
  filterQuery: string;
}) {
  const matching = useBulkMatching({ kinds: bulk.kinds, countTargets: bulk.countTargets, filterQuery });
  const selected = selectedRowIds(table);
  return (
    <>
      <BulkMatchingBar bulk={matching} count={count} denied={bulk.denied} />
      <DataTableSelectionBar table={table}>
        <BulkSelectionButtons bulk={matching} selectedCount={selected.length} denied={bulk.denied} />
      </DataTableSelectionBar>
      <BulkMatchingDialog
        bulk={matching}
        endpoint={bulk.endpoint}
        selectedIds={selected}
        onDone={() => table.resetRowSelection(true)}
      />
      <p className="sr-only" aria-live="polite">
        {selected.length ? `${selected.length} selected` : ""}
      </p>
    </>
  );
}

/**
 * The dashboard's one server-paged table: URL-bound filters (declared in the columns' meta),
 * sort and keyset paging from the list's spec, auto-refresh, and — when `bulk` is given —
 * selection with bulk actions over the selected rows or everything matching the filter. The
 * server page parses the same spec and passes the page it loaded as `promise`.
 */
export function ServerDataTable<TRow extends RowData, K extends string = never, C = never, R = never>({
  promise,
  columns,
  spec,
  getRowId,
  rowHref,
  defaultSort,
  initialHidden,
  caption,
  empty,
  noun,
  nounOne,
  linkedFilters,
  bulk,
  toolbar,
}: {
  promise: Promise<ListPageData<TRow>>;
  columns: DataTableColumnDef<TRow>[];
  spec: ListUrlSpec;
  getRowId: (row: TRow) => string;
  rowHref: (row: TRow) => string;
  defaultSort: SortingState;
  initialHidden?: string[];
  caption: string;
  empty: string;
  noun: string;
  nounOne: string;
  /** URL keys only links set (no control of their own): shown as removable chips. */
  linkedFilters?: readonly { key: string; label: string }[];
  bulk?: ServerTableBulk<K, C, R>;
  /** Extra toolbar controls (e.g. export), given the current filter's query. */
  toolbar?: (filterQuery: string) => React.ReactNode;
}) {
  const { page, count, perPage, renderedQuery } = use(promise);
  const url = useTableUrl(spec.keys, spec.cursorKeys);
  const table = useDataTable({ data: page.rows, columns, getRowId, url, defaultSort, initialHidden });
  const searchParams = useSearchParams();
  const currentQuery = useMemo(() => spec.canonicalQuery(searchParams), [spec, searchParams]);
  useResyncWhenStale(renderedQuery, currentQuery, url.pending);
  const filterQuery = useFilterQuery();

  return (
    <div className="flex flex-col gap-3">
      <DataTableToolbar table={table} url={url} linkedFilters={linkedFilters}>
        <DataTableAutoRefresh />
        {toolbar?.(filterQuery)}
      </DataTableToolbar>
      {bulk ? <BulkControls table={table} bulk={bulk} count={count} filterQuery={filterQuery} /> : null}
      <DataTable table={table} caption={caption} rowHref={rowHref} pending={url.pending} empty={empty} />
      <DataTablePagination
        url={url}
        pageSize={perPage}
        total={count.count}
        totalEstimated={count.estimated}
        rowsOnPage={page.rows.length}
        noun={noun}
        nounOne={nounOne}
        paging={page}
      />
    </div>
  );
}

"use client";

import {
  useTable,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
  type ColumnVisibilityState,
} from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { dataTableFeatures, type DataTableColumnDef } from "@/components/data-table/features";
import type { TableUrl } from "./use-table-url";

/** `created_at.desc` ⇄ [{ id: "created_at", desc: true }]: the URL form of one sort column. */
export function parseSortParam(value: string | null | undefined, fallback: SortingState): SortingState {
  if (!value) return fallback;
  const [id, dir] = value.split(".");
  if (!id) return fallback;
  return [{ id, desc: dir !== "asc" }];
}

export function formatSortParam(sorting: SortingState): string | null {
  const first = sorting[0];
  return first ? `${first.id}.${first.desc ? "desc" : "asc"}` : null;
}

function apply<T>(updater: Updater<T>, old: T): T {
  return typeof updater === "function" ? (updater as (old: T) => T)(old) : updater;
}

/**
 * A table over one server-rendered page. Sorting lives in the URL (`sortKey`), selection and
 * column visibility in component state. Selection is kept by row id across pages, so "retry
 * the 7 I ticked" survives paging.
 */
export function useDataTable<TData extends RowData>({
  data,
  columns,
  getRowId,
  url,
  sortKey = "sort",
  defaultSort,
  initialHidden,
}: {
  data: TData[];
  columns: DataTableColumnDef<TData>[];
  getRowId: (row: TData) => string;
  url: TableUrl;
  sortKey?: string;
  defaultSort: SortingState;
  initialHidden?: string[];
}) {
  const sortValue = url.values[sortKey];
  // eslint-disable-next-line react-hooks/exhaustive-deps -- defaultSort is a constant per table
  const sorting = useMemo(() => parseSortParam(sortValue, defaultSort), [sortValue]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(() =>
    Object.fromEntries((initialHidden ?? []).map((id) => [id, false])),
  );

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    defaultColumn: { enableSorting: false },
    state: { sorting, rowSelection, columnVisibility },
    onSortingChange: (updater) => {
      const next = apply(updater, sorting);
      url.set({ [sortKey]: formatSortParam(next) });
    },
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: setColumnVisibility,
  });
  return table;
}

export type DataTableInstance<TData extends RowData> = ReturnType<typeof useDataTable<TData>>;

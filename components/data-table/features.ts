import {
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from "@tanstack/react-table";

export interface DataTableColumnMeta {
  /** Name shown in the column menu and used as the header's accessible label. */
  label?: string;
  /** Extra classes for the header and the cells (widths, alignment). */
  className?: string;
}

/**
 * Every dashboard table registers the same features. Sorting, filtering and paging are done by
 * the database (manual modes), so no client row models are registered: the table only renders
 * the page the server already sorted and sliced, and tracks selection and visible columns.
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  columnVisibilityFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- column arrays mix value types; each column is typed where it is defined
export type DataTableColumnDef<TData extends RowData> = ColumnDef<DataTableFeatures, TData, any>;

export function dataTableColumnHelper<TData extends RowData>() {
  return createColumnHelper<DataTableFeatures, TData>();
}

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

export interface FilterOption {
  label: string;
  value: string;
  /** Rows with this value under the other filters, when the server counted them. */
  count?: number;
}

/**
 * The toolbar control that filters a column. Its URL keys are the list spec's keys (e.g.
 * lib/deliveries/delivery-search-params.ts); the server parses them, the toolbar writes them raw.
 */
export type DataTableColumnFilter =
  | { variant: "text"; key: string; label: string; placeholder?: string }
  | { variant: "number"; key: string; label: string; placeholder?: string; min?: number }
  /** Free text with suggestions (a datalist): seen event types, status classes plus any code. */
  | { variant: "combo"; key: string; label: string; placeholder?: string; options: FilterOption[] }
  | { variant: "multiSelect"; key: string; label: string; options: FilterOption[] }
  | { variant: "select"; key: string; label: string; options: FilterOption[] }
  | { variant: "dateRange"; fromKey: string; toKey: string; label: string };

export interface DataTableColumnMeta {
  /** Name shown in the column menu and used as the header's accessible label. */
  label?: string;
  /** Extra classes for the header and the cells (widths, alignment). */
  className?: string;
  /** This column's filter control; the toolbar renders one per column that has one. */
  filter?: DataTableColumnFilter;
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

// The toolbar's order: the search box first, then the pickers, free-text boxes, and date ranges last.
const VARIANT_ORDER: DataTableColumnFilter["variant"][] = [
  "text",
  "multiSelect",
  "select",
  "combo",
  "number",
  "dateRange",
];

/** The filters the columns declare, in toolbar order (hidden columns keep their filters). */
export function columnFilters<TData extends RowData>(
  columns: readonly DataTableColumnDef<TData>[],
): DataTableColumnFilter[] {
  const filters = columns.flatMap((column) => (column.meta?.filter ? [column.meta.filter] : []));
  return filters.sort((a, b) => VARIANT_ORDER.indexOf(a.variant) - VARIANT_ORDER.indexOf(b.variant));
}

export function filterKeys(filters: readonly DataTableColumnFilter[]): string[] {
  return filters.flatMap((f) => (f.variant === "dateRange" ? [f.fromKey, f.toKey] : [f.key]));
}

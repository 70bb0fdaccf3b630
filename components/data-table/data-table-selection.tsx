"use client";

import type { RowData } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/lib/format/numbers";
import { dataTableColumnHelper, type DataTableColumnDef } from "./features";
import type { DataTableInstance } from "@/hooks/use-data-table";

export const SELECT_COLUMN = "select";

/** The checkbox column: the header ticks the rows of this page, each row ticks itself. */
export function selectionColumn<TData extends RowData>(): DataTableColumnDef<TData> {
  const helper = dataTableColumnHelper<TData>();
  return helper.display({
    id: SELECT_COLUMN,
    enableHiding: false,
    // min-w-8 too: a table wider than its box shrinks columns to their content (30 px here), and the
    // next column sticks at exactly left-8 on a phone (data-table.tsx).
    meta: { className: "w-8 min-w-8" },
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select all rows on this page"
        className="size-3.5 align-middle accent-zinc-900 dark:accent-zinc-100"
        checked={table.getIsAllPageRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = !table.getIsAllPageRowsSelected() && table.getIsSomePageRowsSelected();
        }}
        onChange={(e) => table.toggleAllPageRowsSelected(e.target.checked)}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select row ${row.id}`}
        className="size-3.5 align-middle accent-zinc-900 dark:accent-zinc-100"
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  });
}

/** "3 selected · Clear" plus the page's bulk actions for those rows. */
export function DataTableSelectionBar<TData extends RowData>({
  table,
  children,
}: {
  table: DataTableInstance<TData>;
  children: React.ReactNode;
}) {
  const ids = Object.keys(table.state.rowSelection ?? {}).filter((id) => table.state.rowSelection[id]);
  if (ids.length === 0) return null;
  return (
    <div
      role="region"
      aria-label="Selected rows"
      className={
        "flex flex-wrap items-center gap-2 rounded-md border border-indigo-200 bg-indigo-50 px-2 py-1.5 text-xs " +
        "dark:border-indigo-900 dark:bg-indigo-950/50"
      }
    >
      <span className="font-medium">{formatCount(ids.length)} selected</span>
      <Button size="xs" variant="ghost" onClick={() => table.resetRowSelection(true)}>
        Clear
      </Button>
      <span className="mx-1 h-4 w-px bg-indigo-200 dark:bg-indigo-900" aria-hidden />
      {children}
    </div>
  );
}

export function selectedRowIds<TData extends RowData>(table: DataTableInstance<TData>): string[] {
  const selection = table.state.rowSelection ?? {};
  return Object.keys(selection).filter((id) => selection[id]);
}

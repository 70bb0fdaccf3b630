"use client";

import type { RowData } from "@tanstack/react-table";
import { Popover } from "@/components/ui/popover";
import type { DataTableInstance } from "@/hooks/use-data-table";

export function DataTableViewOptions<TData extends RowData>({ table }: { table: DataTableInstance<TData> }) {
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide() && c.columnDef.meta?.label);
  return (
    <Popover trigger="Columns" label="Visible columns" align="end" className="w-48">
      <fieldset>
        <legend className="mb-1 px-1 text-[11px] font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          Show columns
        </legend>
        {columns.map((column) => (
          <label
            key={column.id}
            className="flex cursor-pointer items-center gap-2 rounded px-1 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <input
              type="checkbox"
              checked={column.getIsVisible()}
              onChange={(e) => column.toggleVisibility(e.target.checked)}
              className="size-3.5 accent-zinc-900 dark:accent-zinc-100"
            />
            {column.columnDef.meta?.label}
          </label>
        ))}
      </fieldset>
    </Popover>
  );
}

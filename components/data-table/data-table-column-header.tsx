"use client";

import type { Column, RowData } from "@tanstack/react-table";
import { cn } from "@/components/ui/cn";
import type { DataTableFeatures } from "./features";

const SORT_STATE_LABEL = {
  desc: "sorted descending, activate to sort ascending",
  asc: "sorted ascending, activate to sort descending",
  none: "activate to sort",
} as const;

/**
 * A sortable header: one button that flips the order (newest first on the first click, as the
 * admin views mostly want). The URL holds the state, so the header only asks the table to change.
 */
export function DataTableColumnHeader<TData extends RowData, TValue>({
  column,
  title,
  className,
}: {
  column: Column<DataTableFeatures, TData, TValue>;
  title: string;
  className?: string;
}) {
  if (!column.getCanSort()) return <span className={className}>{title}</span>;
  const sorted = column.getIsSorted();
  return (
    <button
      type="button"
      onClick={() => column.toggleSorting(sorted === "desc" ? false : true)}
      className={cn(
        "-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-zinc-200 hover:text-zinc-900 dark:hover:bg-zinc-800 " +
          "dark:hover:text-zinc-100",
        sorted && "text-zinc-900 dark:text-zinc-100",
        className,
      )}
      aria-label={`${title}: ${SORT_STATE_LABEL[sorted || "none"]}`}
    >
      {title}
      <span aria-hidden className="text-[10px] text-zinc-500 dark:text-zinc-400">
        {sorted === "desc" ? "▼" : sorted === "asc" ? "▲" : "↕"}
      </span>
    </button>
  );
}

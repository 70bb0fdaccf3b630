"use client";

import type { RowData } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { cn } from "@/components/ui/cn";
import type { DataTableInstance } from "@/hooks/use-data-table";
import { SELECT_COLUMN } from "./data-table-selection";

const PINNED_EDGE =
  "max-md:shadow-[inset_-1px_0_0_var(--color-zinc-200)] max-md:dark:shadow-[inset_-1px_0_0_var(--color-zinc-800)]";
const PINNED_HEADER = "max-md:bg-zinc-50 max-md:dark:bg-zinc-900";
// Opaque, and following the row's hover and selected tints (the dark one is translucent on the
// row, so mixed here), so the columns scrolling underneath never show through.
const PINNED_CELL = [
  "max-md:bg-white max-md:group-hover:bg-zinc-50 max-md:group-data-[state=selected]:bg-indigo-50",
  "max-md:dark:bg-zinc-950 max-md:dark:group-hover:bg-zinc-900",
  "max-md:dark:group-data-[state=selected]:bg-[color-mix(in_oklab,var(--color-indigo-950)_40%,var(--color-zinc-950))]",
].join(" ");

function isInteractive(target: EventTarget | null): boolean {
  return target instanceof Element && Boolean(target.closest("a,button,input,select,textarea,label,[role=button]"));
}

/**
 * The table itself. Rows are clickable for mouse users when `rowHref` is given; keyboard users
 * reach the same page through the link each table puts in its first data column.
 */
export function DataTable<TData extends RowData>({
  table,
  rowHref,
  pending = false,
  empty,
  caption,
  className,
}: {
  table: DataTableInstance<TData>;
  rowHref?: (row: TData) => string;
  pending?: boolean;
  empty?: React.ReactNode;
  caption: string;
  className?: string;
}) {
  const router = useRouter();
  const rows = table.getRowModel().rows;
  const columns = table.getVisibleLeafColumns();
  const columnCount = columns.length;
  // On a phone the table scrolls sideways in its own box, one line per row, and the columns that
  // say which row it is stay in view: the checkbox, if any, and the first data column (the one
  // that links to the row's page), which sticks at left-8 beside the 2rem checkbox column.
  const lastPinned = columns.findIndex((column) => column.id !== SELECT_COLUMN);
  const pinned = (index: number, cell: "th" | "td") =>
    index > lastPinned
      ? undefined
      : cn(
          "max-md:sticky max-md:z-[1]",
          index > 0 && columns[0]?.id === SELECT_COLUMN ? "max-md:left-8" : "max-md:left-0",
          index === lastPinned && PINNED_EDGE,
          cell === "th" ? PINNED_HEADER : PINNED_CELL,
        );
  return (
    <div
      className={cn("relative overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800", className)}
      aria-busy={pending || undefined}
    >
      {pending ? <div aria-hidden className="absolute inset-x-0 top-0 z-10 h-0.5 animate-pulse bg-indigo-500" /> : null}
      <table className={cn("w-full border-collapse text-xs transition-opacity", pending && "opacity-60")}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-left dark:bg-zinc-900">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-zinc-200 dark:border-zinc-800">
              {group.headers.map((header, index) => (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={
                    header.column.getIsSorted() === "asc"
                      ? "ascending"
                      : header.column.getIsSorted() === "desc"
                        ? "descending"
                        : undefined
                  }
                  className={cn(
                    "h-8 whitespace-nowrap px-2 font-medium text-zinc-600 dark:text-zinc-400",
                    pinned(index, "th"),
                    header.column.columnDef.meta?.className,
                  )}
                >
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columnCount} className="px-2 py-10 text-center text-zinc-500 dark:text-zinc-400">
                {empty ?? "No results."}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr
                key={row.id}
                data-state={row.getIsSelected() ? "selected" : undefined}
                onClick={
                  rowHref
                    ? (event) => {
                        if (isInteractive(event.target) || window.getSelection()?.toString()) return;
                        const href = rowHref(row.original);
                        if (event.metaKey || event.ctrlKey) window.open(href, "_blank");
                        else router.push(href);
                      }
                    : undefined
                }
                className={cn(
                  "group border-b border-zinc-100 last:border-0 hover:bg-zinc-50 data-[state=selected]:bg-indigo-50 " +
                    "dark:border-zinc-800/70 dark:hover:bg-zinc-900 dark:data-[state=selected]:bg-indigo-950/40",
                  rowHref && "cursor-pointer",
                )}
              >
                {row.getVisibleCells().map((cell, index) => (
                  <td
                    key={cell.id}
                    className={cn(
                      "h-8 px-2 align-middle max-md:whitespace-nowrap",
                      pinned(index, "td"),
                      cell.column.columnDef.meta?.className,
                    )}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

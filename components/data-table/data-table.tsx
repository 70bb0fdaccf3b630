"use client";

import type { RowData } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { cn } from "@/components/ui/cn";
import type { DataTableInstance } from "@/hooks/use-data-table";

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
  const columnCount = table.getVisibleLeafColumns().length;
  return (
    <div
      className={cn("relative overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800", className)}
      aria-busy={pending || undefined}
    >
      {pending ? <div aria-hidden className="absolute inset-x-0 top-0 z-10 h-0.5 animate-pulse bg-indigo-500" /> : null}
      <table
        className={cn(
          "w-full border-collapse text-xs transition-opacity",
          // On a phone the table scrolls sideways in its own box; its first column stays in view.
          "max-md:[&_tr>*:first-child]:sticky max-md:[&_tr>*:first-child]:left-0 max-md:[&_tr>*:first-child]:z-[1]",
          "max-md:[&_td:first-child]:bg-white max-md:dark:[&_td:first-child]:bg-zinc-950",
          "max-md:[&_th:first-child]:bg-zinc-50 max-md:dark:[&_th:first-child]:bg-zinc-900",
          pending && "opacity-60",
        )}
      >
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-left dark:bg-zinc-900">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-zinc-200 dark:border-zinc-800">
              {group.headers.map((header) => (
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
                  "border-b border-zinc-100 last:border-0 hover:bg-zinc-50 data-[state=selected]:bg-indigo-50 dark:border-zinc-800/70 dark:hover:bg-zinc-900 dark:data-[state=selected]:bg-indigo-950/40",
                  rowHref && "cursor-pointer",
                )}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cn("h-8 px-2 align-middle", cell.column.columnDef.meta?.className)}>
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

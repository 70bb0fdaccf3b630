import { cn } from "./cn";

export interface SimpleColumn {
  label: string;
  align?: "right";
  /** Named for screen readers only (an actions column). */
  labelHidden?: boolean;
}

/**
 * A small bordered table with a header row, for lists that need no sorting or paging (API keys,
 * users, destinations). Its caption is for screen readers; the box scrolls sideways on a phone
 * (relative: the sr-only caption is positioned, and would otherwise widen the page).
 */
export function SimpleTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: readonly SimpleColumn[];
  /** The rows (`<tr>`s). */
  children: React.ReactNode;
}) {
  return (
    <div className="relative overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-left text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={cn("h-8 px-2 font-medium", column.align === "right" && "text-right")}
              >
                {column.labelHidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

import { cn } from "./cn";

export interface SimpleColumn {
  label: string;
  align?: "right";
  /** Named for screen readers only (an actions column). */
  labelHidden?: boolean;
}

const VARIANTS = {
  // A list of its own on the page (API keys, users, destinations): a box with a shaded header.
  boxed: {
    box: "rounded-md border border-zinc-200 dark:border-zinc-800",
    head: "bg-zinc-50 text-left text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400",
    cell: "h-8 px-2 font-medium",
    left: "",
  },
  // Inside a Card (an event's fan-out, the overview's top failing destinations): no box of its own.
  plain: {
    box: "",
    head: "text-left text-zinc-500 dark:text-zinc-400",
    cell: "pb-1 font-medium",
    left: "pr-2",
  },
} as const;

/**
 * A small table with a header row, for lists that need no sorting or paging. Its caption is for
 * screen readers; the table scrolls sideways in its own box on a phone (relative: the sr-only
 * caption is positioned, and would otherwise widen the page).
 */
export function SimpleTable({
  caption,
  columns,
  variant = "boxed",
  nowrapOnPhone = false,
  children,
}: {
  caption: React.ReactNode;
  columns: readonly SimpleColumn[];
  variant?: keyof typeof VARIANTS;
  /** One line per row on a phone (the box scrolls instead). */
  nowrapOnPhone?: boolean;
  /** The rows (`<tr>`s). */
  children: React.ReactNode;
}) {
  const style = VARIANTS[variant];
  return (
    <div className={cn("relative overflow-x-auto", style.box)}>
      <table className={cn("w-full text-xs", nowrapOnPhone && "max-md:whitespace-nowrap")}>
        <caption className="sr-only">{caption}</caption>
        <thead className={style.head}>
          <tr>
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={cn(style.cell, column.align === "right" ? "text-right" : style.left)}
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

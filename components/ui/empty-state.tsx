import { cn } from "./cn";

/** What a list or card shows when it has nothing, with a line on what would fill it. */
export function EmptyState({
  title,
  children,
  className,
}: {
  title: string;
  children?: React.ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center justify-center gap-1 rounded-md border border-dashed border-zinc-300 px-4 py-10 text-center " +
          "dark:border-zinc-700",
        className,
      )}
    >
      <p className="font-medium">{title}</p>
      {children ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{children}</div> : null}
    </div>
  );
}

import { Skeleton } from "@/components/ui/skeleton";

/** What a table looks like while its page loads: same toolbar height, same row height. */
export function DataTableSkeleton({
  columnCount = 6,
  rowCount = 10,
  filterCount = 3,
}: {
  columnCount?: number;
  rowCount?: number;
  filterCount?: number;
}) {
  return (
    <div className="flex flex-col gap-3" role="status" aria-label="Loading">
      <div className="flex gap-2">
        {Array.from({ length: filterCount }, (_, i) => (
          <Skeleton key={i} className={i === 0 ? "h-7 w-56" : "h-7 w-24"} />
        ))}
        <Skeleton className="ml-auto h-7 w-20" />
      </div>
      <div className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800">
        <div className="flex h-8 items-center gap-4 border-b border-zinc-200 bg-zinc-50 px-2 dark:border-zinc-800 dark:bg-zinc-900">
          {Array.from({ length: columnCount }, (_, i) => (
            <Skeleton key={i} className="h-3 flex-1" />
          ))}
        </div>
        {Array.from({ length: rowCount }, (_, r) => (
          <div
            key={r}
            className="flex h-8 items-center gap-4 border-b border-zinc-100 px-2 last:border-0 dark:border-zinc-800/70"
          >
            {Array.from({ length: columnCount }, (_, i) => (
              <Skeleton key={i} className="h-3 flex-1" />
            ))}
          </div>
        ))}
      </div>
      <div className="flex justify-between">
        <Skeleton className="h-4 w-32" />
        <Skeleton className="h-7 w-64" />
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}

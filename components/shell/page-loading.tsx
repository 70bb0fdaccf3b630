import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

/**
 * What a list page shows while it renders (its segment's loading.tsx), so a click in the nav
 * paints at once. Only list pages get one: a loading boundary starts the response with a 200
 * before the page runs, so a detail page under it could never answer notFound() with a 404.
 */
export function PageLoading({ table }: { table?: { columnCount: number; filterCount: number } }) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1.5">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="h-3.5 w-96 max-w-full" />
      </div>
      {table ? (
        <DataTableSkeleton columnCount={table.columnCount} filterCount={table.filterCount} />
      ) : (
        <div role="status" aria-label="Loading">
          <Skeleton className="h-96 w-full" />
          <span className="sr-only">Loading…</span>
        </div>
      )}
    </div>
  );
}

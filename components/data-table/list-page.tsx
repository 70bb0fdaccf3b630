import { Suspense } from "react";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { PageHeader } from "@/components/ui/page-header";

/** A list page's frame: its header, and its table suspended under a skeleton of the same shape. */
export function ListPage({
  title,
  description,
  columnCount,
  filterCount,
  children,
}: {
  title: string;
  description: string;
  columnCount: number;
  filterCount: number;
  children: React.ReactNode;
}) {
  return (
    <div>
      <PageHeader title={title} description={description} />
      <Suspense fallback={<DataTableSkeleton columnCount={columnCount} filterCount={filterCount} />}>
        {children}
      </Suspense>
    </div>
  );
}

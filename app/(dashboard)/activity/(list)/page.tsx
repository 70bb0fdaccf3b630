import type { Metadata } from "next";
import { Suspense } from "react";
import { ActivityTable } from "@/components/activity/activity-table";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { PageHeader } from "@/components/ui/states";
import {
  activityFilterParsers,
  activitySearchParamsCache,
  serializeActivitySearchParams,
} from "@/lib/activity/activity-search-params";
import { getActivityFacets } from "@/lib/activity/get-activity-facets";
import { countActivityLogs, listActivityLogs } from "@/lib/activity/list-activity-logs";
import { requirePageUser } from "@/lib/auth/session";
import { filterOf } from "@/lib/list/search-param-parsers";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const values = await activitySearchParamsCache.parse(searchParams);
  const filter = filterOf(activityFilterParsers, values);
  // Started here, awaited in the client table under Suspense: the shell paints at once.
  const data = Promise.all([
    listActivityLogs(user.orgId, filter, { cursor: values.cursor, direction: values.direction, limit: values.perPage }),
    countActivityLogs(user.orgId, filter),
    getActivityFacets(user.orgId),
  ]).then(([page, count, facets]) => ({
    page,
    count,
    facets,
    perPage: values.perPage,
    renderedQuery: serializeActivitySearchParams(values),
  }));
  return (
    <div>
      <PageHeader title="Activity" description="Events received through the ingest API, and what each fanned out to." />
      <Suspense fallback={<DataTableSkeleton columnCount={7} filterCount={6} />}>
        <ActivityTable promise={data} />
      </Suspense>
    </div>
  );
}

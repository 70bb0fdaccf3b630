import type { Metadata } from "next";
import { ActivityTable } from "@/components/activity/activity-table";
import { ListPage } from "@/components/data-table/list-page";
import {
  activityFilterParsers,
  activitySearchParamsCache,
  serializeActivitySearchParams,
} from "@/lib/activity/activity-search-params";
import { getActivityFacets } from "@/lib/activity/get-activity-facets";
import { countActivityLogs, listActivityLogs } from "@/lib/activity/list-activity-logs";
import { requirePageUser } from "@/lib/auth/session";
import { loadListPage } from "@/lib/list/load-list-page";
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
  const { cursor, direction, perPage } = values;
  const data = loadListPage({
    page: listActivityLogs(user.orgId, filter, { cursor, direction, limit: perPage }),
    count: countActivityLogs(user.orgId, filter),
    extras: getActivityFacets(user.orgId).then((facets) => ({ facets })),
    perPage,
    renderedQuery: serializeActivitySearchParams(values),
  });
  return (
    <ListPage
      title="Activity"
      description="Events received through the ingest API, and what each fanned out to."
      columnCount={7}
      filterCount={6}
    >
      <ActivityTable promise={data} />
    </ListPage>
  );
}
